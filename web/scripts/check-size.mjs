// The size budget of the wasm module as shipped (issue 13): at most 300 KB gzipped, for each
// wasm-bindgen output the build makes (the page's, Node's, bundlers'). Run after
// `npm run build`; prints the sizes against the budget.
//
// The budget is not met yet (docs/size.md says what the module is made of and what remains):
// the check FAILS above CEILING, the size reached plus 5%, so the module cannot grow back, and
// says plainly that the 300 KB target is missed. Lower CEILING whenever the module shrinks; once
// it is within BUDGET, the budget itself is the limit.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUDGET = 300 * 1000; // bytes, gzipped (level 9, as a static host compresses)
// 758.2 KB gzipped on 2026-12-07 (wasm-release profile, opt-level "z", wasm-opt -Oz); the
// page's cluster view, fix and settings exports (hosts, fix, settingsOf) then took it to about
// 801 KB (819 KB measured at level 9). The rules' documentation out of the module
// (rules-docs.json beside it) took it to 764.3 KB on 2026-12-08. The ceiling is that plus 5%.
const CEILING = 803 * 1000;
const limit = Math.max(BUDGET, CEILING);
let over = 0;
let missed = 0;
for (const kind of ["web", "node", "bundler"]) {
  const file = path.join(repo, "crates", "mesoslint-wasm", "npm", kind, "mesoslint_wasm_bg.wasm");
  const bytes = fs.readFileSync(file);
  const gz = zlib.gzipSync(bytes, { level: 9 }).length;
  const ok = gz <= BUDGET;
  if (!ok) missed++;
  if (gz > limit) over++;
  const status = ok ? "ok  " : gz > limit ? "FAIL" : "OVER";
  console.log(`${status} ${kind}: ${(bytes.length / 1000).toFixed(1)} KB, ${(gz / 1000).toFixed(1)} KB gzipped (budget ${BUDGET / 1000} KB, ceiling ${limit / 1000} KB)`);
}
if (missed) {
  console.log(`size budget NOT MET: ${missed} output(s) above ${BUDGET / 1000} KB gzipped (docs/size.md); failing above the ceiling of ${limit / 1000} KB`);
}
if (over) console.log(`FAIL: ${over} output(s) above the ceiling of ${limit / 1000} KB gzipped: the module grew`);
process.exit(over ? 1 : 0);
