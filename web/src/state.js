// What the page's modules share: the file open in the editor, the engine's last result and the
// rule catalogue. One object, so that every module reads the same values.

export const DEBOUNCE_MS = 300;

export const state = {
  current: null, // path of the file open in the editor
  result: null, // the last CheckResult from the engine
  rules: [], // the engine's rule catalogue
  rulesByCode: new Map(), // code -> rule (and site policies of the last result)
};

// Exposed for the browser tests (and curious users): timings and the last result.
// editAt/shownAt: when the last edit was made and when its findings were on screen (the
// benchmark, web/scripts/bench.mjs, reads them).
export const debug = (window.__mesoslint = { lintMs: null, runs: 0, requests: 0, result: null, ready: false, editAt: 0, shownAt: 0, debounceMs: DEBOUNCE_MS });
