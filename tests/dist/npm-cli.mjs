// The npm package's `mesoslint` command against the native CLI: on every example tree, every
// rule fixture tree and every start-up fixture tree, run from the repository root, both must
// print the same `--format json` and `--format concise` output and exit with the same status.
//
//   node tests/dist/npm-cli.mjs NPM_MESOSLINT NATIVE_MESOSLINT
//
// NPM_MESOSLINT is the command to test (bin/mesoslint.js of the package, or the `mesoslint`
// an `npm install -g` put on a prefix). Prints one line per difference and a count; exit 1 on
// any difference.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// A third argument `examples` limits the comparison to examples/ (the installed-package check
// repeats what the full comparison in test-web.sh already did on every tree).
const [npmCmd, nativeCmd, only] = process.argv.slice(2);
if (!npmCmd || !nativeCmd) {
  console.error("usage: node tests/dist/npm-cli.mjs NPM_MESOSLINT NATIVE_MESOSLINT");
  process.exit(2);
}

const dirs = (d) =>
  fs.existsSync(d)
    ? fs.readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(d, e.name)).sort()
    : [];
const trees = [
  ...dirs(path.join(repo, "examples")),
  // crates/mesoslint-core/tests/fixtures/CODE/{fires,clean}/CASE or CODE/CASE: the dirs with case.toml
  ...(function fixtures() {
    const out = [];
    const visit = (d, depth) => {
      if (fs.existsSync(path.join(d, "case.toml"))) out.push(d);
      else if (depth < 3) for (const s of dirs(d)) visit(s, depth + 1);
    };
    visit(path.join(repo, "crates", "mesoslint-core", "tests", "fixtures"), 0);
    return out;
  })(),
  ...dirs(path.join(repo, "tests", "startup")),
].filter((t) => only !== "examples" || path.relative(repo, t).startsWith("examples"))
  .map((t) => path.relative(repo, t));

function run(cmd, args) {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.GITHUB_ACTIONS;
    execFile(cmd, args, { cwd: repo, env, encoding: "utf8", maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

const jobs = [];
for (const tree of trees) for (const format of ["json", "concise"]) jobs.push({ tree, format });

let differences = 0;
let findings = 0;
async function check({ tree, format }) {
  const args = [tree, "--format", format];
  const [a, b] = await Promise.all([run(npmCmd, args), run(nativeCmd, args)]);
  if (a.code !== b.code || a.stdout !== b.stdout) {
    differences++;
    const firstDiff = [...a.stdout].findIndex((c, i) => c !== b.stdout[i]);
    console.log(`DIFF ${tree} --format ${format}: npm exit ${a.code}, native exit ${b.code}` +
      (a.stdout !== b.stdout ? `; output differs at ${firstDiff}: npm ${JSON.stringify(a.stdout.slice(firstDiff, firstDiff + 120))} native ${JSON.stringify(b.stdout.slice(firstDiff, firstDiff + 120))}` : "") +
      (a.stderr ? `; npm stderr: ${a.stderr.slice(0, 300)}` : ""));
  } else if (format === "json" && b.code !== 2) {
    findings += JSON.parse(b.stdout).findings.length;
  }
}
// Two at a time: each job runs both commands.
let next = 0;
await Promise.all([0, 1].map(async () => {
  while (next < jobs.length) await check(jobs[next++]);
}));
console.log(`npm mesoslint vs native: ${trees.length} trees x json, concise; ${findings} findings; ${differences} differences`);
process.exit(differences ? 1 : 0);
