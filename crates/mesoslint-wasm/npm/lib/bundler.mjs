// The bundler entry point: the wasm-bindgen module (../bundler/) plus the rules' documentation
// pages (../rules-docs.json, generated from the same doc comments; the module is built without
// them, docs/size.md), handed over the first time rules() or a SARIF run() needs them.
import * as engine from "../bundler/mesoslint_wasm.js";
import pages from "../rules-docs.json";

export * from "../bundler/mesoslint_wasm.js";

let provided = false;
function withDocs() {
  if (!provided) {
    engine.provideDocs(JSON.stringify(pages));
    provided = true;
  }
  return engine;
}

export function rules() {
  return withDocs().rules();
}

export function run(files, options) {
  return (options && options.format === "sarif" ? withDocs() : engine).run(files, options);
}
