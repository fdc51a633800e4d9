// The engine runs here, off the main thread. The wasm is its own file next to this script
// (served as application/wasm), so the browser compiles it while it downloads and caches it
// apart from the script; the page's CSP allows connections to its own origin for that.
import init, { checkAndRender, fix, hosts, provideDocs, rules, run, settingsOf, version } from "../../crates/mesoslint-wasm/npm/web/mesoslint_wasm.js";
import { ensureDocs } from "./docs.js";

const ready = init({ module_or_path: new URL("mesoslint_wasm_bg.wasm", self.location.href) });

function message(e) {
  return e && e.message ? e.message : String(e);
}

self.onmessage = async (event) => {
  const { id, type, files, config, format, slowMs, options } = event.data;
  try {
    await ready;
    // The rules' pages are not in the module: rules() and SARIF need them (docs.js).
    if (type === "rules" || (type === "run" && format === "sarif")) await ensureDocs(provideDocs);
    let result;
    const t0 = performance.now();
    // A test hook: keeps the worker busy first, so that a test can edit during a slow lint.
    if (slowMs) while (performance.now() - t0 < slowMs);
    if (type === "check") {
      // One lint gives both the findings and the CLI's text.
      result = checkAndRender(files, config ?? null);
    } else if (type === "fix") {
      result = fix(files, config ?? null, options ?? null); // apply-fix buttons (fixes.js)
    } else if (type === "run") {
      // The CLI's own renderers (export.js): the tree's mesoslint.toml applies as with the CLI.
      result = run(files, { format });
    } else if (type === "hosts") {
      result = hosts(files, config ?? null, format ?? "json"); // the cluster view (cluster.js)
    } else if (type === "settings") {
      result = settingsOf(new Map(), config); // the settings panel (settings.js): config is TOML text
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
