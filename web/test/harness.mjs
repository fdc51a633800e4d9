// Shared set-up of the Chromium tests (browser.test.mjs, files.test.mjs): the built page
// (web/dist/) served on 127.0.0.1, a page per test with every request recorded (anything off
// loopback fails the test and the run), console errors collected.

import { before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../scripts/serve.mjs";

export const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = path.resolve(web, "..");
export const artifacts = path.join(web, "test-artifacts");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

let server;
let browser;
export let base;
export const pageProblems = [];
const offLoopback = [];

function isLoopback(url) {
  if (/^(data|blob|about):/.test(url)) return true;
  try {
    return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);
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

/**
 * A fresh browser context (its own localStorage); its requests must stay on loopback.
 * `bypassCSP`: lets a test inject a script of its own (the axe check); the page's policy is
 * tested with it on everywhere else.
 */
export async function newContext(t, { width = 1280, height = 900, bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, bypassCSP });
  const requests = [];
  context.on("request", (r) => {
    requests.push(r.url());
    if (!isLoopback(r.url())) offLoopback.push(r.url());
  });
  t.after(async () => {
    for (const u of requests) assert.ok(isLoopback(u), `request outside loopback: ${u}`);
    await context.close();
  });
  return context;
}

/** A page on a fresh context (or the one given), the engine ready. */
export async function openPage(t, { context = null, hash = "", init = null, width, height, bypassCSP } = {}) {
  const ctx = context ?? (await newContext(t, { width, height, bypassCSP }));
  const page = await ctx.newPage();
  if (init) await page.addInitScript(init);
  page.on("console", (m) => {
    if (m.type() === "error" || /Content.Security.Policy/i.test(m.text())) pageProblems.push(`${t.name}: ${m.text()}`);
  });
  page.on("pageerror", (e) => pageProblems.push(`${t.name}: ${e.message}`));
  await page.goto(base + hash);
  await page.waitForFunction(() => window.__mesoslint?.ready === true);
  return page;
}

export const runs = (page) => page.evaluate(() => window.__mesoslint.runs);

/** Waits until the engine has answered for the current files (a new run after `before`). */
export async function settled(page, runsBefore = 0) {
  await page.waitForFunction((n) => window.__mesoslint.runs > n && window.__mesoslint.result !== null, runsBefore);
  await page.waitForTimeout(50);
}

/** Loads a tree through the page's own entry point (as a dropped folder) and waits for it. */
export async function loadTree(page, tree) {
  const n = await runs(page);
  await page.evaluate((t) => window.__mesoslint.load(t), tree);
  await settled(page, n);
}

export const treeFiles = (page) => page.$$eval("#file-tree .tree-file", (els) => els.map((e) => e.dataset.file).sort());
export const editorText = (page) => page.evaluate(() => window.__mesoslint.editorText());
export const enginePaths = (page) => page.evaluate(() => window.__mesoslint.result.findings.flatMap((f) => f.labels.map((l) => l.path)));

/** A tree's files as {path: text}. */
export function textTree(files) {
  return Object.fromEntries(Object.entries(files).map(([p, b]) => [p, Buffer.isBuffer(b) ? b.toString("utf8") : b]));
}
