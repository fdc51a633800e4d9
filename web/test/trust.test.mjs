// Issue 18's promises that browser.test.mjs does not reach on their own, in real Chromium: the
// share link's size bound (made and loaded), zero-width and bidi characters in paths and host
// names made visible everywhere a path is shown, `__proto__` from a real folder pick, a
// mesoslint.toml that turns every rule off, and the wasm served as application/wasm.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { base, newContext, openPage, loadTree, settled, runs, treeFiles, pageProblems } from "./harness.mjs";

const b64url = (obj) => Buffer.from(JSON.stringify(obj), "utf8").toString("base64url");

test("share: a link over the size bound is neither made nor loaded, with a clear message", async (t) => {
  const page = await openPage(t);
  // Three files, well under the file-count bound, 1.6 million characters once encoded.
  // (under Chromium's 2 MB URL limit, so that the link can be opened below)
  const filler = `# ${"x".repeat(400_000)}\n`;
  const big = { "a/etc/default/mesos": filler, "b/etc/default/mesos": filler, "c/etc/default/mesos": filler };
  const size = b64url(big).length;
  assert.ok(size > 1_500_000 && size < 2_000_000);
  await loadTree(page, big);
  await page.click("#share-button");
  await page.waitForSelector("#share-box:not([hidden])");
  assert.equal(await page.inputValue("#share-url"), "", "no link");
  assert.match(await page.textContent("#share-note"), new RegExp(`No link made: the link would be ${(size / 1e6).toFixed(1).replace(".", "\\.")} million characters, more than the 1\\.5 million a link may have here`));
  assert.equal(await page.evaluate(() => location.hash), "", "nothing written into the URL");
  // Such a link, opened: refused before it is decoded, with the reason, and no file loaded.
  const opened = await openPage(t, { hash: "#files=" + b64url(big) });
  assert.match(await opened.textContent("#error"), /million characters long; links of at most 1\.5 million are loaded/);
  assert.deepEqual(await treeFiles(opened), []);
  assert.equal(await opened.getAttribute("#findings", "data-state"), "empty");
});

test("hidden characters: zero-width and bidi in paths and host names are shown and flagged in the tree, findings and share warning", async (t) => {
  const page = await openPage(t);
  // "m1" and "m1<ZWSP>" are two hosts that read alike; a flag file whose name hides a ZWSP.
  const zk = "zk://admin:hunter2@zk1:2181/mesos\n";
  await loadTree(page, { "m1/etc/mesos/zk": zk, "m1\u200b/etc/mesos/zk": zk, "m1/etc/mesos-master/qu\u200borum": "1\n", "m2/etc/mesos-master/\u202equorum": "1\n" });
  assert.match(await page.textContent("#path-warning"), /3 paths hold invisible or bidirectional characters.*⟨U\+200B⟩.*⟨U\+202E⟩|3 paths hold invisible or bidirectional characters.*⟨U\+202E⟩.*⟨U\+200B⟩/);
  // The tree: host headings and file names.
  const treeHosts = await page.$$eval("#file-tree h3", (els) => els.map((e) => e.textContent));
  assert.ok(treeHosts.includes("m1⟨U+200B⟩") && treeHosts.includes("m1"), `two hosts told apart: ${treeHosts}`);
  assert.match(await page.textContent("#file-tree"), /qu⟨U\+200B⟩orum \(hidden characters\)/);
  assert.match(await page.textContent("#file-tree"), /⟨U\+202E⟩quorum \(hidden characters\)/);
  // The findings panel: the file of MF001 (unknown flag) and the look-alike host.
  const mf = page.locator('#findings [data-code="MF001"]').first();
  assert.equal(await mf.count(), 1, "the hidden-character flag file is an unknown flag");
  const heads = await page.$$eval("#findings .host-group", (els) => els.map((e) => [e.querySelector("h3").textContent, e.getAttribute("aria-label"), [...e.querySelectorAll(".file-head-title .hidden-chars")].map((h) => h.textContent)]));
  assert.ok(heads.some(([h, label]) => h === "m1⟨U+200B⟩" && label === "Host m1⟨U+200B⟩"), `the look-alike host is marked in the findings: ${JSON.stringify(heads)}`);
  assert.ok(heads.some(([, , flagged]) => flagged.some((f) => /qu⟨U\+200B⟩orum/.test(f))), `the file is flagged in the findings: ${JSON.stringify(heads)}`);
  // The share warning lists both credential files, the look-alike one made visible.
  await page.click("#share-button");
  await page.waitForSelector("#share-warning:not([hidden])");
  assert.match(await page.textContent("#share-warning-files"), /m1⟨U\+200B⟩\/etc\/mesos\/zk \(hidden characters\)/);
  assert.equal(await page.locator("#share-warning-files .hidden-chars").count(), 1);
});

test("__proto__ and constructor from a real folder pick are files of the tree", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mesoslint-pick-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const root = path.join(dir, "cluster");
  fs.mkdirSync(path.join(root, "m1", "etc", "mesos"), { recursive: true });
  fs.writeFileSync(path.join(root, "__proto__"), "not a prototype\n");
  fs.writeFileSync(path.join(root, "constructor"), "nor a constructor\n");
  fs.writeFileSync(path.join(root, "m1", "etc", "mesos", "zk"), "zk://zk1:2181/mesos\n");
  const page = await openPage(t);
  const n = await runs(page);
  await page.setInputFiles("#folder-input", root);
  await settled(page, n);
  assert.deepEqual(await treeFiles(page), ["__proto__", "constructor", "m1/etc/mesos/zk"]);
  const files = new Map(await page.evaluate(() => window.__mesoslint.files()));
  assert.equal(files.get("__proto__"), "not a prototype\n");
  assert.equal(files.get("constructor"), "nor a constructor\n");
});

test("a mesoslint.toml that turns every rule off: a banner, not a silent clean", async (t) => {
  const page = await openPage(t);
  await loadTree(page, { "zk1/etc/zookeeper/conf/zoo.cfg": "tickTime=2000 # ms\n", "mesoslint.toml": 'ignore = ["ALL"]\n' });
  const result = await page.evaluate(() => window.__mesoslint.result);
  assert.equal(result.findings.length, 0);
  assert.ok(result.disabled_rules.length > 100, "every rule is off");
  assert.match(await page.textContent("#config-banner"), new RegExp(`The tree's mesoslint.toml turns off ${result.disabled_rules.length} rules`));
  assert.equal(await page.locator("#config-banner").isVisible(), true);
});

test("the wasm is its own file, served as application/wasm (streaming compilation)", async (t) => {
  const res = await fetch(`${base}mesoslint_wasm_bg.wasm`);
  assert.equal(res.headers.get("content-type"), "application/wasm");
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d], "a wasm module");
  assert.ok(await WebAssembly.compileStreaming(fetch(`${base}mesoslint_wasm_bg.wasm`)), "compiles while it streams");
  // The worker asks for exactly that file.
  const context = await newContext(t);
  const page = await context.newPage();
  const wasm = page.waitForResponse((r) => r.url().endsWith("/mesoslint_wasm_bg.wasm"));
  await page.goto(base);
  const r = await wasm;
  assert.equal(r.headers()["content-type"], "application/wasm");
  await page.waitForFunction(() => window.__mesoslint?.ready === true);
});

test("no console errors or CSP violations", () => {
  assert.deepEqual(pageProblems, []);
});
