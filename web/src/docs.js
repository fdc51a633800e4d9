// The rules' documentation pages, which the wasm module is built without (docs/size.md): the
// worker fetches rules-docs.json (beside the module, same origin) the first time the rules
// dialog or a SARIF export needs it and hands it to the engine. A failed fetch is retried on the
// next request rather than leaving the pages empty.
let pending = null;

/** Resolves once `provideDocs` (the engine's export) has the pages. */
export function ensureDocs(provideDocs) {
  if (!pending) {
    pending = fetch(new URL("rules-docs.json", self.location.href))
      .then((r) => {
        if (!r.ok) throw new Error(`cannot load the rules' documentation: HTTP ${r.status}`);
        return r.text();
      })
      .then((text) => {
        provideDocs(text);
      })
      .catch((e) => {
        pending = null;
        throw e;
      });
  }
  return pending;
}
