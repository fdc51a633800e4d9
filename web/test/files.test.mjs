// The file set, autosave, export and cancellation in real Chromium (issue 18 items 3 and 7).

import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { artifacts, openPage, loadTree, settled, runs, treeFiles, editorText, enginePaths, pageProblems } from "./harness.mjs";

const BROKEN_ZOO_CFG = [
  "tickTime=2000", "dataDir=/var/lib/zookeeper", "clientPort=2181", "initLimit=10", "syncLimit=5",
  "server.1=zk1.example.com:2888:3888", "server.2=zk2.example.com:2888:2888", "server.3=zk3.example.com:2888:3888", "",
].join("\n");
const ZK = "zk://zk1:2181,zk2:2181,zk3:2181/mesos\n";

const fileSet = async (page) => new Map(await page.evaluate(() => window.__mesoslint.files()));

async function addThroughForm(page, filePath, text) {
  await page.fill("#paste-text", text);
  await page.fill("#paste-path", filePath);
  await page.click("#add-button");
}

async function answerClash(page, button) {
  await page.waitForSelector("#clash-dialog[open]");
  const asked = await page.textContent("#clash-dialog");
  const n = await runs(page);
  await page.click(button);
  await page.waitForSelector("#clash-dialog:not([open])", { state: "attached" });
  return { asked, n };
}

test("file set: rename, add and remove keep editor and engine in step; clashes ask; removal undoes", async (t) => {
  const page = await openPage(t);
  await loadTree(page, { "zk1/etc/zookeeper/conf/zoo.cfg": BROKEN_ZOO_CFG, "m1/etc/mesos/zk": ZK });
  assert.equal(await page.inputValue("#current-path"), "zk1/etc/zookeeper/conf/zoo.cfg");
  assert.ok((await enginePaths(page)).includes("zk1/etc/zookeeper/conf/zoo.cfg"));

  // Rename: the tree, the file set, the editor and the engine's findings all follow.
  let n = await runs(page);
  await page.fill("#current-path", "zk2/etc/zookeeper/conf/zoo.cfg");
  await page.press("#current-path", "Enter");
  await settled(page, n);
  assert.deepEqual(await treeFiles(page), ["m1/etc/mesos/zk", "zk2/etc/zookeeper/conf/zoo.cfg"]);
  assert.equal(await editorText(page), BROKEN_ZOO_CFG);
  const linted = await enginePaths(page);
  assert.ok(linted.includes("zk2/etc/zookeeper/conf/zoo.cfg") && !linted.some((p) => p.startsWith("zk1/")), `the engine lints the new path: ${linted}`);
  // Typing after the rename edits the renamed file, not a ghost of the old one.
  n = await runs(page);
  await page.click(".cm-content");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("# renamed\n");
  await settled(page, n);
  assert.equal((await fileSet(page)).get("zk2/etc/zookeeper/conf/zoo.cfg"), `${BROKEN_ZOO_CFG}# renamed\n`);
  assert.equal((await fileSet(page)).size, 2);

  // Adding onto a taken path asks. Cancel: nothing changes and the form keeps the paste.
  await addThroughForm(page, "m1/etc/mesos/zk", "zk://other:2181/mesos\n");
  const { asked } = await answerClash(page, "#clash-cancel");
  assert.match(asked, /m1\/etc\/mesos\/zk/);
  assert.equal((await fileSet(page)).get("m1/etc/mesos/zk"), ZK);
  assert.equal(await page.inputValue("#paste-text"), "zk://other:2181/mesos\n", "a cancelled add keeps the form");
  // Keep both: the new file gets a free name next to the old one.
  await page.click("#add-button");
  let a = await answerClash(page, "#clash-keep");
  await settled(page, a.n);
  let set = await fileSet(page);
  assert.equal(set.get("m1/etc/mesos/zk"), ZK);
  assert.equal(set.get("m1/etc/mesos/zk (2)"), "zk://other:2181/mesos\n");
  assert.equal(await page.inputValue("#current-path"), "m1/etc/mesos/zk (2)");
  // Replace, with the replaced file open: the editor shows the new contents (not the old
  // editor state), and Undo brings the old file back into both.
  await page.click('[data-file="m1/etc/mesos/zk"]');
  assert.equal(await editorText(page), ZK);
  await addThroughForm(page, "m1/etc/mesos/zk", "zk://replaced:2181/mesos\n");
  a = await answerClash(page, "#clash-replace");
  await settled(page, a.n);
  assert.equal((await fileSet(page)).get("m1/etc/mesos/zk"), "zk://replaced:2181/mesos\n");
  assert.equal(await page.inputValue("#current-path"), "m1/etc/mesos/zk");
  assert.equal(await editorText(page), "zk://replaced:2181/mesos\n", "the editor shows what the engine lints");
  assert.match(await page.textContent("#undo-toast"), /Replaced m1\/etc\/mesos\/zk/);
  n = await runs(page);
  await page.click("#undo-button");
  await settled(page, n);
  assert.equal((await fileSet(page)).get("m1/etc/mesos/zk"), ZK);
  assert.equal(await editorText(page), ZK);
  assert.equal(await page.locator("#undo-toast").isHidden(), true);

  // Renaming onto a taken path asks too; Cancel leaves both files and the path field as they were.
  await page.click('[data-file="zk2/etc/zookeeper/conf/zoo.cfg"]');
  await page.fill("#current-path", "m1/etc/mesos/zk");
  await page.press("#current-path", "Enter");
  await answerClash(page, "#clash-cancel");
  assert.equal(await page.inputValue("#current-path"), "zk2/etc/zookeeper/conf/zoo.cfg");
  assert.equal((await fileSet(page)).get("m1/etc/mesos/zk"), ZK);

  // Delete, then Undo with Ctrl+Z outside the editor: the file, its findings and its editor
  // contents come back.
  const before = await treeFiles(page);
  n = await runs(page);
  await page.click("#delete-button");
  await settled(page, n);
  assert.ok(!(await treeFiles(page)).includes("zk2/etc/zookeeper/conf/zoo.cfg"));
  assert.ok(!(await enginePaths(page)).includes("zk2/etc/zookeeper/conf/zoo.cfg"), "the engine no longer lints the deleted file");
  assert.match(await page.textContent("#undo-toast"), /Deleted zk2\/etc\/zookeeper\/conf\/zoo\.cfg/);
  await page.screenshot({ path: path.join(artifacts, "undo-delete-1280.png") });
  n = await runs(page);
  await page.locator("#findings-h").focus();
  await page.keyboard.press("Control+z");
  await settled(page, n);
  assert.deepEqual(await treeFiles(page), before);
  assert.equal(await page.inputValue("#current-path"), "zk2/etc/zookeeper/conf/zoo.cfg");
  assert.equal(await editorText(page), `${BROKEN_ZOO_CFG}# renamed\n`);
  assert.ok((await enginePaths(page)).includes("zk2/etc/zookeeper/conf/zoo.cfg"));

  // A same-named file from the file picker, and one dropped on the page: both ask.
  n = await runs(page);
  await page.setInputFiles("#files-input", { name: "zoo.cfg", mimeType: "text/plain", buffer: Buffer.from("tickTime=2000\n") });
  await settled(page, n);
  assert.equal((await fileSet(page)).get("zoo.cfg"), "tickTime=2000\n");
  await page.setInputFiles("#files-input", { name: "zoo.cfg", mimeType: "text/plain", buffer: Buffer.from("tickTime=3000\n") });
  a = await answerClash(page, "#clash-keep");
  await settled(page, a.n);
  assert.equal((await fileSet(page)).get("zoo (2).cfg"), "tickTime=3000\n");
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(["tickTime=4000\n"], "zoo.cfg", { type: "text/plain" }));
    window.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  a = await answerClash(page, "#clash-replace");
  assert.match(a.asked, /zoo\.cfg/);
  await settled(page, a.n);
  set = await fileSet(page);
  assert.equal(set.get("zoo.cfg"), "tickTime=4000\n", "the dropped file replaced the old one");
  assert.equal(set.get("zoo (2).cfg"), "tickTime=3000\n");
  assert.equal(set.get("m1/etc/mesos/zk"), ZK, "a dropped file joins the tree, the rest stays");
  // The same file dropped again (same contents): nothing to ask.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(["tickTime=4000\n"], "zoo.cfg", { type: "text/plain" }));
    window.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForTimeout(200);
  assert.equal(await page.locator("#clash-dialog[open]").count(), 0);
});

test("no console errors or CSP violations", () => {
  assert.deepEqual(pageProblems, []);
});
