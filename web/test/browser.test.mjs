// The built page (web/dist/) in real Chromium through playwright-core, served from 127.0.0.1.
// Every request the page makes is recorded; anything not on loopback fails the run.
// Screenshots go to web/test-artifacts/.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../scripts/serve.mjs";
import { readExamples, cliPath, cliFindings, keys, NO_CLI_MESSAGE } from "../../crates/mesoslint-wasm/npm/test/helpers.mjs";

const require = createRequire(import.meta.url);
const engine = require("../../crates/mesoslint-wasm/npm/node/mesoslint_wasm.js");

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const artifacts = path.join(web, "test-artifacts");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

let server;
let browser;
let base;
const offLoopback = [];
const pageProblems = [];

function isLoopback(url) {
  if (/^(data|blob|about):/.test(url)) return true;
  try {
    const u = new URL(url);
    return ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
  } catch {
    return false;
  }
}

before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  server = await serve(0);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
  assert.deepEqual(offLoopback, [], "the page made requests outside loopback");
});

async function openPage(t, { width = 1280, height = 900, hash = "" } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const requests = [];
  context.on("request", (r) => {
    requests.push(r.url());
    if (!isLoopback(r.url())) offLoopback.push(r.url());
  });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || /Content.Security.Policy/i.test(m.text())) pageProblems.push(`${t.name}: ${m.text()}`);
  });
  page.on("pageerror", (e) => pageProblems.push(`${t.name}: ${e.message}`));
  await page.goto(base + hash);
  await page.waitForFunction(() => window.__mesoslint?.ready === true);
  t.after(async () => {
    for (const u of requests) assert.ok(isLoopback(u), `request outside loopback: ${u}`);
    await context.close();
  });
  return page;
}

// Wait until the engine has answered for the current files.
async function settled(page, runsBefore = 0) {
  await page.waitForFunction((n) => window.__mesoslint.runs > n && window.__mesoslint.result !== null, runsBefore);
  await page.waitForTimeout(50);
}

async function panelKeys(page) {
  return (await page.$$eval("#findings [data-code]", (els) => els.map((e) => `${e.dataset.code} ${e.dataset.path}:${e.dataset.line}`))).sort();
}

const BROKEN_ZOO_CFG = [
  "tickTime=2000",
  "dataDir=/var/lib/zookeeper",
  "clientPort=2181",
  "initLimit=10",
  "syncLimit=5",
  "server.1=zk1.example.com:2888:3888",
  "server.2=zk2.example.com:2888:2888",
  "server.3=zk3.example.com:2888:3888",
  "",
].join("\n");

test("paste a broken zoo.cfg: the type is guessed and the finding is at the right line", async (t) => {
  const page = await openPage(t);
  await page.fill("#paste-text", BROKEN_ZOO_CFG);
  assert.equal(await page.inputValue("#paste-kind"), "zoo.cfg");
  assert.equal(await page.inputValue("#paste-path"), "etc/zookeeper/conf/zoo.cfg");
  const runs = await page.evaluate(() => window.__mesoslint.runs);
  await page.click("#add-button");
  await settled(page, runs);
  const expected = engine.lint({ "etc/zookeeper/conf/zoo.cfg": BROKEN_ZOO_CFG });
  assert.deepEqual(await panelKeys(page), keys(expected), "the panel shows what the engine finds");
  // server.2's peer port equals its election port: a ZooKeeper finding on line 7.
  const zk = expected.filter((f) => f.code.startsWith("ZK"));
  if (zk.length === 0) {
    t.todo("no ZK rule fires yet (the ZooKeeper rules have not landed on this branch)");
    return;
  }
  const onLine7 = page.locator('#findings [data-code^="ZK"][data-path="etc/zookeeper/conf/zoo.cfg"][data-line="7"]');
  assert.ok((await onLine7.count()) >= 1, `a ZK finding at line 7; panel: ${await panelKeys(page)}`);
  // Underline and gutter marker in the editor, and the hover message.
  await page.waitForSelector(".cm-lintRange-error, .cm-lintRange-warning");
  assert.ok((await page.locator(".cm-lint-marker").count()) >= 1, "gutter marker");
  const range = page.locator(".cm-lintRange-error, .cm-lintRange-warning").first();
  await range.hover();
  await page.waitForSelector(".cm-tooltip-lint", { timeout: 5000 });
  assert.match(await page.locator(".cm-tooltip-lint").first().innerText(), /ZK\d{3}/);
});

test("load the broken example: cross-host findings with data-code, clicking opens the file", async (t) => {
  const page = await openPage(t);
  const ex = readExamples().find((e) => e.name === "broken-cluster");
  assert.ok(ex, "examples/broken-cluster exists");
  const runs = await page.evaluate(() => window.__mesoslint.runs);
  await page.selectOption("#example-select", "broken-cluster");
  await settled(page, runs);
  const lintMs = await page.evaluate(() => window.__mesoslint.lintMs);
  t.diagnostic(`in-page lint time for the broken example: ${lintMs.toFixed(1)} ms`);
  console.log(`# in-page lint time for the broken example (${Object.keys(ex.files).length} files): ${lintMs.toFixed(1)} ms`);
  const expected = engine.lint(ex.files);
  assert.deepEqual(await panelKeys(page), keys(expected));
  await page.screenshot({ path: path.join(artifacts, "broken-example-1280.png"), fullPage: true });
  if (expected.length === 0) {
    t.todo("the engine reports nothing on the broken example yet (rules not merged)");
    return;
  }
  const crossHost = page.locator('#findings [data-code][data-hosts*=" "]');
  assert.ok((await crossHost.count()) >= 1, "at least one finding whose labels span several hosts");
  // Clicking a secondary label opens its file at its line.
  const label = crossHost.first().locator(".label-link").first();
  const target = await label.getAttribute("data-path");
  await label.click();
  assert.equal(await page.inputValue("#current-path"), target);
  // The documentation of the rule opens from the finding.
  const code = await crossHost.first().getAttribute("data-code");
  await crossHost.first().locator(".docs-link").click();
  await page.waitForSelector("#rules-dialog[open]");
  assert.match(await page.locator("#rule-doc h3").innerText(), new RegExp(code));
  await page.screenshot({ path: path.join(artifacts, "rule-docs-1280.png") });
  await page.keyboard.press("Escape");
});

test("a #files= URL gives the same findings as the CLI", async (t) => {
  for (const ex of readExamples()) {
    const files = Object.fromEntries(Object.entries(ex.files).map(([p, b]) => [p, b.toString("utf8")]));
    const hash = "#files=" + Buffer.from(JSON.stringify(files), "utf8").toString("base64url");
    const page = await openPage(t, { hash });
    await settled(page);
    const shown = await panelKeys(page);
    assert.deepEqual(shown, keys(engine.lint(ex.files)), `${ex.name}: page vs engine`);
    const bin = cliPath();
    if (!bin) {
      t.diagnostic(NO_CLI_MESSAGE);
      continue;
    }
    assert.deepEqual(shown, keys(cliFindings(bin, ex.dir)), `${ex.name}: page vs \`mesoslint --format json\``);
    t.diagnostic(`${ex.name}: ${shown.length} findings, same as the CLI`);
  }
  if (!cliPath()) t.skip(NO_CLI_MESSAGE);
});

test("Share link round-trips the files", async (t) => {
  const page = await openPage(t);
  await page.fill("#paste-text", "zk://zk1:2181,zk2:2181/mesos\n");
  assert.equal(await page.inputValue("#paste-path"), "etc/mesos/zk");
  await page.fill("#paste-host", "master1");
  await page.click("#add-button");
  await page.click("#share-button");
  const url = await page.inputValue("#share-url");
  assert.match(url, /#files=[A-Za-z0-9_-]+$/);
  const encoded = url.split("#files=")[1];
  assert.deepEqual(JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")), { "master1/etc/mesos/zk": "zk://zk1:2181,zk2:2181/mesos\n" });
});

test("huge pastes and binary junk degrade with a message", async (t) => {
  const page = await openPage(t);
  let runs = await page.evaluate(() => window.__mesoslint.runs);
  // 2 MiB: over the per-file cap, reported as IN003 like the CLI does.
  await page.evaluate(() => {
    const ta = document.getElementById("paste-text");
    ta.value = "tickTime=2000\n" + "# filler\n".repeat(240_000);
    ta.dispatchEvent(new Event("input"));
  });
  await page.click("#add-button");
  await settled(page, runs);
  assert.ok((await page.locator('#findings [data-code="IN003"]').count()) === 1, "IN003 for the 2 MiB file");
  runs = await page.evaluate(() => window.__mesoslint.runs);
  await page.evaluate(() => {
    let s = "";
    for (let i = 0; i < 20000; i++) s += String.fromCharCode((i * 7919) % 256);
    const ta = document.getElementById("paste-text");
    ta.value = s;
    ta.dispatchEvent(new Event("input"));
    document.getElementById("paste-path").value = "etc/mesos-master/quorum";
  });
  await page.click("#add-button");
  await settled(page, runs);
  assert.ok((await page.locator("#findings [data-code]").count()) >= 1, "the junk file is reported");
  assert.equal(await page.locator("#error").isHidden(), true, "no engine error");
  await page.screenshot({ path: path.join(artifacts, "junk-1280.png") });
});

test("keyboard: Tab reaches a finding and Enter opens its file", async (t) => {
  const page = await openPage(t);
  await page.fill("#paste-text", BROKEN_ZOO_CFG);
  const runs = await page.evaluate(() => window.__mesoslint.runs);
  await page.focus("#add-button");
  await page.keyboard.press("Enter");
  await settled(page, runs);
  if ((await page.locator("#findings [data-code]").count()) === 0) {
    t.todo("no finding to navigate to yet");
    return;
  }
  await page.locator("#findings .finding-main").first().focus();
  // Move the editor away, then come back through the finding.
  await page.evaluate(() => document.querySelector(".cm-content").blur());
  await page.locator("#findings .finding-main").first().focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("cm-content")), true, "the editor has the focus");
  assert.equal(await page.getAttribute("#summary", "aria-live"), "polite");
});

test("screenshots at 1280 and 375 px", async (t) => {
  for (const width of [1280, 375]) {
    const page = await openPage(t, { width, height: 900 });
    const runs = await page.evaluate(() => window.__mesoslint.runs);
    await page.selectOption("#example-select", "broken-cluster");
    await settled(page, runs);
    await page.screenshot({ path: path.join(artifacts, `page-${width}.png`), fullPage: true });
    await page.screenshot({ path: path.join(artifacts, `page-${width}-viewport.png`) });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide = await page.evaluate(() => [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".cm-editor"))
      .slice(0, 5).map((e) => `${e.tagName}#${e.id}.${e.className}`));
    assert.ok(overflow <= 1, `no horizontal scrolling at ${width}px (overflow ${overflow}px: ${wide})`);
    await page.click("#rules-button");
    await page.waitForSelector("#rules-dialog[open]");
    await page.screenshot({ path: path.join(artifacts, `rules-${width}.png`) });
  }
});

test("no console errors or CSP violations", () => {
  assert.deepEqual(pageProblems, []);
});
