// Apply-fix buttons in real Chromium (issue 18 item 6): a safe fix applied from the page gives
// the files `mesoslint check --fix` writes on the same tree, byte for byte (an ISO-8859-1 file
// stays ISO-8859-1), goes through the file set (editor, autosave, Undo follow) and is relinted;
// findings without a safe fix get no button.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot, openPage, settled, runs, pageProblems } from "./harness.mjs";

const ZK = "zk://zk1:2181,zk2:2181,zk3:2181/mesos\n";
// zoo.cfg in ISO-8859-1 (é is byte 0xE9) with an inline comment (ZK013, a safe fix); three
// masters with quorum 1 (MM001, a safe fix over three files, one of them created); MM010 (no fix).
const ZOO = Buffer.from("# Caf\xe9 ensemble\ntickTime=2000 # ms\ndataDir=/var/lib/zookeeper\nclientPort=2181\ninitLimit=10\nsyncLimit=5\nserver.1=zk1:2888:3888\nserver.2=zk2:2888:3888\nserver.3=zk3:2888:3888\n", "latin1");
const TREE = {
  "zk1/etc/zookeeper/conf/zoo.cfg": ZOO,
  "m1/etc/mesos/zk": Buffer.from(ZK),
  "m1/etc/mesos-master/quorum": Buffer.from("1\n"),
  "m2/etc/mesos/zk": Buffer.from(ZK),
  "m2/etc/mesos-master/quorum": Buffer.from("1\n"),
  "m3/etc/mesos/zk": Buffer.from(ZK),
  "m3/etc/mesos-master/work_dir": Buffer.from("/var/lib/mesos\n"),
};

function nativeBin() {
  const candidates = [process.env.MESOSLINT_BIN, path.join(repoRoot, "target", "release", "mesoslint"), path.join(repoRoot, "target", "debug", "mesoslint")];
  const bin = candidates.find((c) => c && fs.existsSync(c));
  assert.ok(bin, "a mesoslint CLI to compare with (MESOSLINT_BIN, target/release or target/debug)");
  return bin;
}

function readTree(dir) {
  const out = {};
  for (const rel of fs.readdirSync(dir, { recursive: true })) {
    const full = path.join(dir, rel);
    if (fs.statSync(full).isFile()) out[rel.split(path.sep).join("/")] = fs.readFileSync(full);
  }
  return out;
}

/** The tree as `mesoslint check --fix .` leaves it, run on a copy in a temp dir. */
function cliFixed(tree) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mesoslint-fix-"));
  try {
    for (const [p, bytes] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), bytes);
    }
    try {
      execFileSync(nativeBin(), ["check", "--fix", "."], { cwd: dir, stdio: "pipe" });
    } catch (e) {
      if (e.status !== 1) throw e; // 1: findings are left
    }
    return readTree(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function loadBytes(page, tree) {
  const n = await runs(page);
  const plain = Object.fromEntries(Object.entries(tree).map(([p, b]) => [p, [...b]]));
  await page.evaluate((t) => {
    const m = {};
    for (const [p, bytes] of Object.entries(t)) m[p] = Uint8Array.from(bytes);
    window.__mesoslint.load(m);
  }, plain);
  await settled(page, n);
}

// Bytes of every file of the page's file set, as the engine reads them (and a zip export holds).
async function fileSetBytes(page) {
  const pairs = await page.evaluate(() => window.__mesoslint.fileBytes());
  return Object.fromEntries(pairs.map(([p, bytes]) => [p, Buffer.from(bytes)]));
}

const codes = (page) => page.$$eval("#findings [data-code]", (els) => els.map((e) => e.dataset.code).sort());
const buttonsOf = (page, code) => page.locator(`#findings [data-code="${code}"] .fix-button`).count();

async function clickAndSettle(page, selector) {
  const n = await runs(page);
  await page.click(selector);
  await settled(page, n);
  await page.waitForFunction(() => !document.querySelector(".fix-button:disabled, #fix-all:disabled"));
}

test("one finding's safe fix: the finding goes, the file is what --fix writes, Undo restores it", async (t) => {
  const page = await openPage(t);
  await loadBytes(page, TREE);
  assert.deepEqual(await codes(page), ["MM001", "MM010", "MM010", "MM010", "ZK013"]);
  assert.equal(await buttonsOf(page, "ZK013"), 1, "a button on the safe fix");
  assert.equal(await buttonsOf(page, "MM001"), 1);
  assert.equal(await buttonsOf(page, "MM010"), 0, "no button without a fix");
  assert.match(await page.textContent('#findings [data-code="ZK013"] .fix-button'), /Apply fix: remove the inline comment/);
  assert.equal(await page.locator("#fix-bar").isVisible(), true);
  assert.match(await page.textContent("#fix-all"), /Apply all safe fixes \(2 findings\)/);

  await clickAndSettle(page, '#findings [data-code="ZK013"] .fix-button');
  assert.deepEqual(await codes(page), ["MM001", "MM010", "MM010", "MM010"], "ZK013 is gone after the relint");
  const zoo = "zk1/etc/zookeeper/conf/zoo.cfg";
  const cli = cliFixed(TREE);
  const mine = await fileSetBytes(page);
  assert.deepEqual(mine[zoo], cli[zoo], "zoo.cfg as --fix writes it, still ISO-8859-1");
  assert.ok(mine[zoo].includes(0xe9));
  assert.deepEqual(mine["m1/etc/mesos-master/quorum"], TREE["m1/etc/mesos-master/quorum"], "the other finding's files are untouched");
  assert.equal(await page.evaluate(() => window.__mesoslint.editorText()), cli[zoo].toString("latin1"), "the open editor shows the fixed file");
  assert.match(await page.textContent("#undo-text"), /Applied 1 fix \(zk1\/etc\/zookeeper\/conf\/zoo\.cfg\)/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "findings-h", "the focus stays in the panel");

  await clickAndSettle(page, "#undo-button");
  assert.deepEqual((await fileSetBytes(page))[zoo], ZOO, "Undo restores the file byte for byte");
  assert.deepEqual(await codes(page), ["MM001", "MM010", "MM010", "MM010", "ZK013"]);
});

test("apply all safe fixes: the tree --fix leaves, a file created too; autosave and Undo follow", async (t) => {
  const page = await openPage(t);
  await loadBytes(page, TREE);
  await clickAndSettle(page, "#fix-all");
  const cli = cliFixed(TREE);
  assert.ok(cli["m3/etc/mesos-master/quorum"], "--fix creates m3's quorum file");
  assert.deepEqual(await fileSetBytes(page), cli, "every file as `mesoslint check --fix` leaves it");
  assert.deepEqual(await codes(page), ["MM010", "MM010", "MM010"], "only findings without a fix are left");
  assert.equal(await page.locator(".fix-button").count(), 0);
  assert.equal(await page.locator("#fix-bar").isHidden(), true, "nothing left to fix: no bar");
  assert.match(await page.textContent("#fix-note"), /Applied 2 fixes/);
  // Autosave sees the fixed files.
  await page.waitForFunction(() => /m3\/etc\/mesos-master\/quorum/.test(localStorage.getItem("mesoslint.files.v1") ?? ""));
  const saved = new Map(JSON.parse(await page.evaluate(() => localStorage.getItem("mesoslint.files.v1"))).map(([p, text]) => [p, text]));
  assert.equal(saved.get("m1/etc/mesos-master/quorum"), "2\n");
  // Undo puts every file back and removes the one the fix created.
  await clickAndSettle(page, "#undo-button");
  assert.deepEqual(await fileSetBytes(page), TREE, "Undo restores the tree as it was");
  assert.deepEqual(await codes(page), ["MM001", "MM010", "MM010", "MM010", "ZK013"]);
});

test("no button on findings without a safe fix (unsafe fix, no fix)", async (t) => {
  const page = await openPage(t);
  // Five masters with quorum 4: MM003, whose fix is unsafe (--fix leaves it), and MM010.
  const tree = {};
  for (let i = 1; i <= 5; i++) {
    tree[`m${i}/etc/mesos/zk`] = Buffer.from(ZK);
    tree[`m${i}/etc/mesos-master/quorum`] = Buffer.from("4\n");
  }
  await loadBytes(page, tree);
  const result = await page.evaluate(() => window.__mesoslint.result.findings.map((f) => [f.code, f.fix?.applicability ?? null]));
  assert.ok(result.some(([c, a]) => c === "MM003" && a === "unsafe"), `MM003 with an unsafe fix: ${JSON.stringify(result)}`);
  assert.ok(result.some(([, a]) => a === null), "and findings without a fix");
  assert.equal(await page.locator(".fix-button").count(), 0);
  assert.equal(await page.locator("#fix-bar").isHidden(), true);
  assert.deepEqual(await fileSetBytes(page), cliFixed(tree), "--fix changes nothing here either");
});

test("a safe fix in a file holding credentials is not offered, as --fix does not write it", async (t) => {
  const page = await openPage(t);
  // MF005's fix renames MESOS_AUTHENTICATE in an env file that also holds a secret.
  const tree = {
    "m1/etc/mesos/zk": Buffer.from("zk://zk1:2181/mesos\n"),
    "m1/etc/mesos-master/quorum": Buffer.from("1\n"),
    "m1/etc/default/mesos-master": Buffer.from("MESOS_AUTHENTICATE=true\nMESOS_SECRET_KEY=hunter2\n"),
  };
  await loadBytes(page, tree);
  const mf = page.locator('#findings [data-code="MF005"]');
  assert.equal(await mf.count(), 1);
  assert.equal(await page.evaluate(() => window.__mesoslint.result.findings.find((f) => f.code === "MF005").fix.applicability), "safe");
  assert.equal(await mf.locator(".fix-button").count(), 0, "no button");
  assert.match(await mf.textContent(), /Its safe fix is not offered: it touches a file holding credentials/);
  assert.equal(await page.locator("#fix-bar").isHidden(), true);
  assert.deepEqual(await fileSetBytes(page), cliFixed(tree), "--fix leaves the file as it is too");
});

test("no console errors or CSP violations", () => {
  assert.deepEqual(pageProblems, []);
});
