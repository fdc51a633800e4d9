// The engine in a Web Worker, and when to ask it: a debounced check after each change, one at a
// time. Whoever shows results subscribes with onResult; this module touches no DOM.

import { files, engineFiles } from "./files.js";
import { state, debug, DEBOUNCE_MS } from "./state.js";

let worker = null;
const pending = new Map();
let nextId = 1;
let onWorkerError = () => {};

export function startWorker(onError = onWorkerError) {
  onWorkerError = onError;
  worker = new Worker("worker.js");
  debug.workersStarted = (debug.workersStarted ?? 0) + 1;
  worker.onmessage = (ev) => {
    const { id } = ev.data;
    const p = pending.get(id);
    pending.delete(id);
    if (ev.data.fatal) {
      // The engine aborted (a bug): start a fresh instance for the next run.
      worker.terminate();
      startWorker();
    }
    if (p) p(ev.data);
  };
  worker.onerror = (ev) => onWorkerError(`The engine failed to start: ${ev.message || "unknown error"}`);
}

export function ask(msg) {
  return new Promise((resolve) => {
    const id = nextId++;
    if (msg.type === "check") checkId = id;
    pending.set(id, resolve);
    worker.postMessage({ id, ...msg });
  });
}

let checkId = null; // the id of the check the worker runs, if any

// True cancellation: a running check that a newer edit made stale is stopped by terminating its
// worker (wasm cannot be interrupted from outside), and a fresh one is started. Only when the
// check is all the worker has to do: an export or the rule list waiting behind it must answer.
function cancelCheck() {
  const id = checkId;
  if (id === null || !pending.has(id) || pending.size !== 1) return;
  const resolve = pending.get(id);
  pending.clear();
  checkId = null;
  worker.terminate();
  debug.workersTerminated = (debug.workersTerminated ?? 0) + 1;
  startWorker();
  resolve({ id, ok: false, cancelled: true });
}

// ---- when to check --------------------------------------------------------------------------

let generation = 0;
let timer = null;
let inFlight = false; // a check is running in the worker
let rerun = false; // an edit arrived while it ran: check again when it answers
let timerPending = false; // a debounced check is waiting
let lintWaiters = []; // resolved when the files as they are now have been checked
const listeners = [];

/**
 * Called after every check with one of {kind: "empty"} (no files), {kind: "error", error, fatal}
 * (state.result is then null) or {kind: "ok", ms} (state.result is the new result).
 */
export function onResult(fn) {
  listeners.push(fn);
}

function emit(outcome) {
  for (const fn of listeners) fn(outcome);
}

export function scheduleLint(delay = DEBOUNCE_MS) {
  clearTimeout(timer);
  // A newer edit makes a running check stale at once, not only when the debounce ends.
  if (inFlight) {
    rerun = true;
    cancelCheck();
  }
  timerPending = true;
  timer = setTimeout(runLint, delay);
}

// One check at a time: an edit made while the worker is busy stops the running check
// (cancelCheck) and the newest files are checked next. Edits in between coalesce, so
// a burst of typing costs at most two lints, never a queue of them.
async function runLint() {
  clearTimeout(timer);
  timerPending = false;
  const gen = ++generation;
  if (inFlight) {
    rerun = true;
    return;
  }
  if (files.size === 0) {
    state.result = null;
    emit({ kind: "empty" });
    settleWaiters();
    return;
  }
  inFlight = true;
  debug.requests++;
  debug.askedAt = performance.now();
  const reply = await ask({ type: "check", files: engineFiles(), config: null, slowMs: debug.slowLintMs ?? 0 });
  debug.repliedAt = performance.now();
  inFlight = false;
  if (rerun || gen !== generation) {
    rerun = false;
    // A debounce still running will start the next check; otherwise start it now.
    if (!timerPending) runLint();
    return;
  }
  debug.runs++;
  if (!reply.ok) {
    // Old findings must not stay on screen as if they were current.
    state.result = null;
    debug.result = null;
    emit({ kind: "error", error: reply.error, fatal: reply.fatal });
    settleWaiters();
    return;
  }
  state.result = reply.result;
  // Site policies of the tree's mesoslint.toml: their findings open their text like rules do.
  for (const p of state.result.policies ?? []) state.rulesByCode.set(p.code, { ...p, examples: [] });
  debug.lintMs = reply.ms;
  debug.result = state.result;
  emit({ kind: "ok", ms: reply.ms });
  settleWaiters();
}

function settleWaiters() {
  const w = lintWaiters;
  lintWaiters = [];
  for (const resolve of w) resolve();
}

/** The result for the files as they are now (checks at once if an edit is waiting). */
export async function currentResult() {
  if (timerPending || inFlight || rerun) {
    const done = new Promise((resolve) => lintWaiters.push(resolve));
    if (timerPending) runLint();
    await done;
  }
  return state.result;
}
