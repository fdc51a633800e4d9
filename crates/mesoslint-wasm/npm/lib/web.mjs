// The browser entry point (no bundler): the wasm-bindgen module (../web/) plus the rules'
// documentation pages, which the module is built without (docs/size.md). `init()` loads both:
// the module as wasm-bindgen's init does, the pages from ../rules-docs.json beside this package
// (or `docs_path`, or `docs`: the file's text already at hand), so that rules() and SARIF
// output are complete. A page that cannot be had is an error, not documentation left empty.
import wasmInit, { provideDocs } from "../web/mesoslint_wasm.js";

export * from "../web/mesoslint_wasm.js";

export default async function init(options) {
  // `init(url_or_bytes)`, wasm-bindgen's older form, is `init({ module_or_path: url_or_bytes })`.
  const plain = options != null && Object.getPrototypeOf(options) === Object.prototype;
  const { docs, docs_path, ...wasm } = plain ? options : { module_or_path: options };
  const text =
    docs ??
    fetch(docs_path ?? new URL("../rules-docs.json", import.meta.url)).then((r) => {
      if (!r.ok) throw new Error(`mesoslint: cannot load the rules' documentation (${r.url}): HTTP ${r.status}`);
      return r.text();
    });
  const out = await wasmInit(wasm);
  provideDocs(await text);
  return out;
}
