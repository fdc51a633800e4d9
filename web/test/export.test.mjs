// Autosave, export (findings through the engine's renderers, tree as zip) and true cancellation
// of a stale lint, in real Chromium (issue 18 items 3 and 7).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot, newContext, openPage, loadTree, settled, runs } from "./harness.mjs";

const fileSet = async (page) => Object.fromEntries(await page.evaluate(() => window.__mesoslint.files()));

// examples/broken-cluster with a password in a ZooKeeper URL, which the findings quote.
function exampleTree() {
  const dir = path.join(repoRoot, "examples", "broken-cluster");
  const tree = {};
  for (const rel of fs.readdirSync(dir, { recursive: true })) {
    const full = path.join(dir, rel);
    if (fs.statSync(full).isFile()) tree[rel.split(path.sep).join("/")] = fs.readFileSync(full, "utf8");
  }
  tree["master1/etc/mesos/zk"] = "zk://admin:hunter2@master1:2181,master2:2181/mesos\n";
  return tree;
}

function writeTree(tree) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mesoslint-export-"));
  for (const [p, text] of Object.entries(tree)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

const nativeBin = () => {
  const bin = process.env.MESOSLINT_BIN ?? path.join(repoRoot, "target", "release", "mesoslint");
  return fs.existsSync(bin) ? bin : path.join(repoRoot, "target", "debug", "mesoslint");
};

async function downloaded(page, button) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
  const file = path.join(os.tmpdir(), `mesoslint-dl-${process.pid}-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), file };
}

test("autosave: restored on load, bounded, forgotten on request, never in the URL", async (t) => {
  const context = await newContext(t);
  let page = await openPage(t, { context });
  const tree = { "m1/etc/mesos/zk": "zk://zk1:2181/mesos\n", "m1/etc/mesos-master/quorum": "1\n" };
  await loadTree(page, tree);
  await page.waitForFunction(() => /Saved 2 files/.test(document.getElementById("autosave-note").textContent));
  assert.match(await page.textContent("#files-pane"), /plain text, credentials included/);
  assert.equal(await page.evaluate(() => location.hash), "", "nothing goes into the URL");
  await page.close();

  page = await openPage(t, { context });
  await settled(page);
  assert.deepEqual(await fileSet(page), tree, "restored on load");

  // Over the bound: a clear message, and no stale smaller save left behind.
  const big = "x".repeat(900_000);
  await loadTree(page, { "a/etc/mesos/zk": big, "b/etc/mesos/zk": big, "c/etc/mesos/zk": big });
  await page.waitForFunction(() => /Not saved: the tree is/.test(document.getElementById("autosave-note").textContent));
  assert.equal(await page.evaluate(() => localStorage.length), 0);

  await loadTree(page, tree);
  await page.waitForFunction(() => localStorage.length === 1);
  await page.click("#forget-button");
  assert.equal(await page.evaluate(() => localStorage.length), 0, "forget wipes the save");
  assert.match(await page.textContent("#autosave-note"), /forgotten/);
  await page.close();
  page = await openPage(t, { context });
  assert.deepEqual(await fileSet(page), {}, "nothing comes back after forget");
});

test("export: SARIF, JSON and Markdown are the native CLI's output, credentials masked", async (t) => {
  const page = await openPage(t);
  const tree = exampleTree();
  await loadTree(page, tree);
  const dir = writeTree(tree);
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [format, button] of [["sarif", "#export-sarif"], ["json", "#export-json"], ["markdown", "#export-markdown"]]) {
    const { file } = await downloaded(page, button);
    const mine = fs.readFileSync(file, "utf8");
    fs.rmSync(file);
    assert.ok(!mine.includes("hunter2"), `${format}: the password is masked`);
    assert.ok(mine.includes("admin:*******@") || mine.includes("admin:\\*\\*\\*\\*\\*\\*\\*@"), `${format}: the masked URL is quoted`);
    let cli;
    try {
      // The CLI is run in the tree with `.`, so its paths are the page's: compared byte for byte.
      cli = execFileSync(nativeBin(), ["check", "--format", format, "."], { cwd: dir, encoding: "utf8", maxBuffer: 64 << 20 });
    } catch (e) {
      cli = e.stdout; // exit 1: the tree has errors
    }
    assert.equal(mine, cli, `${format}: page export vs mesoslint --format ${format}`);
  }
});

test("export: the tree as a zip that unzip tools accept, same contents", async (t) => {
  const page = await openPage(t);
  const tree = { ...exampleTree(), "m1/etc/mesos-master/é ü.txt": "ünïcode\n" };
  await loadTree(page, tree);
  const { name, file } = await downloaded(page, "#export-zip");
  t.after(() => fs.rmSync(file, { force: true }));
  assert.equal(name, "mesoslint-tree.zip");
  execFileSync("python3", ["-m", "zipfile", "-t", file]);
  const listed = JSON.parse(execFileSync("python3", ["-c", "import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({n: z.read(n).decode('utf-8') for n in z.namelist()}))", file], { encoding: "utf8" }));
  assert.deepEqual(listed, tree);
});

test("cancellation: an edit during a slow lint stops it (worker terminated); only the newer result shows", async (t) => {
  const page = await openPage(t);
  await loadTree(page, { "m1/etc/mesos-master/quorum": "1\n", "m1/etc/mesos/zk": "zk://zk1:2181/mesos\n" });
  const before = await page.evaluate(() => ({ started: window.__mesoslint.workersStarted, terminated: window.__mesoslint.workersTerminated ?? 0, requests: window.__mesoslint.requests }));
  const n = await runs(page);
  // A slow lint (test hook), then an edit while it runs.
  await page.evaluate(() => { window.__mesoslint.slowLintMs = 5000; window.__mesoslint.load({ "m1/etc/mesos-master/quorum": "3\n", "m1/etc/mesos/zk": "zk://zk1:2181/mesos\n" }); });
  await page.waitForFunction((r) => window.__mesoslint.requests > r, before.requests);
  await page.evaluate(() => { window.__mesoslint.slowLintMs = 0; window.__mesoslint.load({ "m1/etc/mesos-master/quorum": "2\n", "m1/etc/mesos/zk": "zk://zk1:2181/mesos\n" }); });
  await settled(page, n);
  const after = await page.evaluate(() => ({ started: window.__mesoslint.workersStarted, terminated: window.__mesoslint.workersTerminated, runs: window.__mesoslint.runs }));
  assert.equal(after.terminated, before.terminated + 1, "the slow lint's worker was terminated");
  assert.equal(after.started, before.started + 1, "and a fresh one started");
  assert.equal(after.runs, n + 1, "only the newer lint's result was shown");
  assert.equal((await fileSet(page))["m1/etc/mesos-master/quorum"], "2\n");
  const quoted = await page.evaluate(() => JSON.stringify(window.__mesoslint.result.findings));
  assert.ok(!/quorum[^"]*\b3\b/.test(quoted), "no finding of the cancelled tree");
});
