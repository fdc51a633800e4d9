// The engine runs here, off the main thread. The wasm bytes are bundled into this script, so
// loading it needs no network request (the page's CSP has connect-src 'none').
import init, { check, render, rules, version } from "../../crates/mesoslint-wasm/npm/web/mesoslint_wasm.js";
import wasmBytes from "../../crates/mesoslint-wasm/npm/web/mesoslint_wasm_bg.wasm";

const ready = init({ module_or_path: wasmBytes });

function message(e) {
  return e && e.message ? e.message : String(e);
}

self.onmessage = async (event) => {
  const { id, type, files, config } = event.data;
  try {
    await ready;
    let result;
    const t0 = performance.now();
    if (type === "check") {
      result = check(files, config ?? null);
      result.rendered = render(files, config ?? null);
    } else if (type === "rules") {
      result = { rules: rules(), version: version() };
    } else {
      throw new Error(`unknown request ${type}`);
    }
    self.postMessage({ id, ok: true, result, ms: performance.now() - t0 });
  } catch (e) {
    // A RuntimeError means the engine hit a bug and the instance is unusable: the page
    // replaces the worker.
    const fatal = e instanceof WebAssembly.RuntimeError;
    self.postMessage({ id, ok: false, error: message(e), fatal });
  }
};
