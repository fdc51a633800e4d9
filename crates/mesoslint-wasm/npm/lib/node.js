// The Node entry point of the package: the wasm-bindgen module (../node/) plus the rules'
// documentation pages. The module is built without them (a fifth of its size, docs/size.md);
// they ship beside it as ../rules-docs.json, generated from the same doc comments, and are handed
// over the first time something needs them: rules() (documentation and examples) and a SARIF
// run() (help and fullDescription of every rule). Everything else is the module's own export.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const engine = require("../node/mesoslint_wasm.js");

let provided = false;
function withDocs() {
  if (!provided) {
    engine.provideDocs(fs.readFileSync(path.join(__dirname, "..", "rules-docs.json"), "utf8"));
    provided = true;
  }
  return engine;
}

module.exports = {
  ...engine,
  rules: () => withDocs().rules(),
  run: (files, options) => (options && options.format === "sarif" ? withDocs() : engine).run(files, options),
};
