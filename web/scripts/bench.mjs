// The page's engine in Node: how long one lint of a 5-host tree takes (issue 13: at most 5 ms).
// The tree is examples/broken-cluster without agent3 (master1-3, agent1-2), handed to the same
// wasm module the page ships (the npm package's nodejs build of it), as the page hands it:
// files as bytes, the tree's own mesoslint.toml. Prints figures; asserts nothing about time
// (a shared CI machine is no stopwatch), only that the runs give findings.
//
//   node web/scripts/bench.mjs [RUNS]
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repo = path.resolve(web, "..");
const require = createRequire(import.meta.url);
const engine = require(path.join(repo, "crates", "mesoslint-wasm", "npm", "node", "mesoslint_wasm.js"));
const runs = Number(process.argv[2] || 200);
const TARGET_MS = 5;

const tree = path.join(repo, "examples", "broken-cluster");
const files = new Map();
const read = (dir, rel) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (r === "agent3" || r === "README.md") continue;
    if (e.isDirectory()) read(path.join(dir, e.name), r);
    else if (e.isFile()) files.set(r, fs.readFileSync(path.join(dir, e.name)));
  }
};
read(tree, "");

function measure(label, f) {
  for (let i = 0; i < 20; i++) f(); // warm-up (the JIT, the engine's lazy tables)
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(`${label.padEnd(34)} median ${q(0.5).toFixed(2)} ms, p90 ${q(0.9).toFixed(2)} ms, min ${times[0].toFixed(2)} ms` +
    ` (target <= ${TARGET_MS} ms: ${q(0.5) <= TARGET_MS ? "met" : "NOT met"})`);
}

const check = engine.check(files, null);
if (check.hosts.length !== 5 || check.findings.length === 0) {
  throw new Error(`expected 5 hosts with findings, got ${check.hosts.length} hosts, ${check.findings.length} findings`);
}
const bytes = [...files.values()].reduce((n, b) => n + b.length, 0);
console.log(`5-host tree: ${files.size} files, ${bytes} bytes, ${check.findings.length} findings; ${runs} runs each`);
measure("check() (what the page calls)", () => engine.check(files, null));
measure("run() --format human", () => engine.run(files, { format: "human" }));
measure("run() --format json", () => engine.run(files, { format: "json" }));
