// The built page (web/dist/) in real Chromium through playwright-core, served from 127.0.0.1.
// Every request the page makes is recorded; anything not on loopback fails the run.
// Screenshots go to web/test-artifacts/.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { serve } from "../scripts/serve.mjs";
import { readExamples, cliPath, cliFindings, cliText, keys, NO_CLI_MESSAGE } from "../../crates/mesoslint-wasm/npm/test/helpers.mjs";
import { web, repoRoot, artifacts, base, newContext, openPage, settled, pageProblems } from "./harness.mjs";

const require = createRequire(import.meta.url);
const engine = require("../../crates/mesoslint-wasm/npm/node/mesoslint_wasm.js");

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
  assert.ok(zk.some((f) => f.labels.some((l) => l.primary && l.start.line === 7)), `the engine finds a ZK error on line 7: ${keys(expected)}`);
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

test("paste a Marathon app: guessed as an app definition, its field type checked as the CLI does", async (t) => {
  const page = await openPage(t);
  const app = '{"id": "/shop/web", "cmd": "run-web", "instances": "2"}\n';
  await page.fill("#paste-text", app);
  assert.equal(await page.inputValue("#paste-kind"), "marathon-app");
  assert.equal(await page.inputValue("#paste-path"), "marathon/web.json");
  const runs = await page.evaluate(() => window.__mesoslint.runs);
  await page.click("#add-button");
  await settled(page, runs);
  const expected = engine.lint({ "marathon/web.json": app });
  assert.ok(expected.some((f) => f.code === "AP001"), `the engine finds AP001: ${keys(expected)}`);
  assert.deepEqual(await panelKeys(page), keys(expected), "the panel shows what the engine finds");
  const at = page.locator('#findings [data-code="AP001"][data-path="marathon/web.json"][data-line="1"]');
  assert.equal(await at.count(), 1, `AP001 on line 1; panel: ${await panelKeys(page)}`);
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
  const shownFiles = await page.locator("#file-tree .tree-file").count();
  console.log(`# in-page lint time for the broken example (${shownFiles} files): ${lintMs.toFixed(1)} ms`);
  const expected = engine.lint(ex.files);
  assert.deepEqual(await panelKeys(page), keys(expected));
  await page.screenshot({ path: path.join(artifacts, "broken-example-1280.png"), fullPage: true });
  // Cross-host rules: each shown as an element carrying its code and its primary label's path.
  for (const code of ["MM001", "ZU003", "ZK008"]) {
    const want = expected.filter((f) => f.code === code);
    assert.ok(want.length >= 1, `the engine reports ${code} on the broken example`);
    for (const f of want) {
      const p = f.labels.find((l) => l.primary);
      const shown = page.locator(`#findings [data-code="${code}"][data-path="${p.path}"][data-line="${p.start.line}"]`);
      assert.ok((await shown.count()) >= 1, `${code} at ${p.path}:${p.start.line} is in the panel`);
    }
    const hosts = await page.locator(`#findings [data-code="${code}"]`).first().getAttribute("data-hosts");
    assert.ok(hosts.split(" ").length >= 2, `${code} spans several hosts (${hosts})`);
  }
  const crossHost = page.locator('#findings [data-code][data-hosts*=" "]');
  assert.ok((await crossHost.count()) >= 3, "findings whose labels span several hosts");
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


test("a dropped compose file is read as the CLI reads it, and a pasted one is guessed", async (t) => {
  // tests/inputs/compose-broken holds only its compose file: the CLI lints exactly that file.
  const dir = path.join(repoRoot, "tests/inputs/compose-broken");
  const text = fs.readFileSync(path.join(dir, "docker-compose.yml"), "utf8");
  const page = await openPage(t);
  const runs = await page.evaluate(() => window.__mesoslint.runs);
  await page.setInputFiles("#files-input", { name: "docker-compose.yml", mimeType: "text/yaml", buffer: Buffer.from(text) });
  await settled(page, runs);
  const shown = await panelKeys(page);
  const expected = keys(engine.lint({ "docker-compose.yml": text }));
  assert.deepEqual(shown, expected, "the panel shows what the engine finds");
  assert.ok(shown.includes("MM001 docker-compose.yml:7"), `quorum 1 of 3 masters on line 7: ${shown}`);
  const bin = cliPath();
  if (bin) assert.deepEqual(shown, keys(cliFindings(bin, dir)), "page vs `mesoslint --format json`");
  else t.diagnostic(NO_CLI_MESSAGE);

  const fresh = await openPage(t);
  await fresh.fill("#paste-text", text);
  assert.equal(await fresh.inputValue("#paste-kind"), "compose");
  assert.equal(await fresh.inputValue("#paste-path"), "docker-compose.yml");
  await fresh.fill("#paste-text", "[Service]\nExecStart=/usr/sbin/mesos-master --quorum=2\n");
  assert.equal(await fresh.inputValue("#paste-kind"), "unit");
  assert.equal(await fresh.inputValue("#paste-path"), "etc/systemd/system/mesos-master.service");
  await fresh.fill("#paste-text", "#!/bin/sh\ndocker run -d --net=host mesosphere/mesos-master:1.4.1 --quorum=2\n");
  assert.equal(await fresh.inputValue("#paste-kind"), "docker-run");
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
    // The "CLI output" panel is the CLI's own text, byte for byte.
    assert.equal(await page.textContent("#rendered"), cliText(bin, ex.dir), `${ex.name}: CLI output panel vs \`mesoslint --color never\``);
    t.diagnostic(`${ex.name}: ${shown.length} findings, same as the CLI`);
  }
  if (!cliPath()) t.skip(NO_CLI_MESSAGE);
});

test("a mesoslint.toml with site policies applies: policy findings in the panel, their text behind the docs link", async (t) => {
  const ex = readExamples().find((e) => e.name === "site-policies");
  assert.ok(ex, "examples/site-policies exists");
  const page = await openPage(t);
  let runs = await page.evaluate(() => window.__mesoslint.runs);
  await page.selectOption("#example-select", "site-policies");
  await settled(page, runs);
  const expected = engine.lint(ex.files);
  assert.deepEqual(await panelKeys(page), keys(expected), "the panel shows what the engine finds");
  const site = page.locator('#findings [data-code="SITE001"][data-path="agent3/etc/mesos-slave/attributes/rack"]');
  assert.equal(await site.count(), 1, `SITE001 on agent3; panel: ${await panelKeys(page)}`);
  await site.locator(".docs-link").click();
  await page.waitForSelector("#rules-dialog[open]");
  assert.match(await page.locator("#rule-doc").innerText(), /every agent declares its rack and zone attributes/);
  await page.screenshot({ path: path.join(artifacts, "site-policy-1280.png") });
  await page.keyboard.press("Escape");
  // The same tree with a broken policy: the engine's error names its place, no findings shown.
  const broken = Object.fromEntries(Object.entries(ex.files).map(([p, b]) => [p, b.toString("utf8")]));
  broken["mesoslint.toml"] = broken["mesoslint.toml"].replace("match = '(.*;)?rack", "match = '(.*;?rack");
  const hash = "#files=" + Buffer.from(JSON.stringify(broken), "utf8").toString("base64url");
  const bad = await openPage(t, { hash });
  await bad.waitForFunction(() => !document.getElementById("error").hidden);
  assert.match(await bad.textContent("#error"), /mesoslint\.toml:14:9: invalid regular expression in `match`/);
});

test("Share link round-trips the files", async (t) => {
  const page = await openPage(t);
  await page.fill("#paste-text", "zk://zk1:2181,zk2:2181/mesos\n");
  assert.equal(await page.inputValue("#paste-path"), "etc/mesos/zk");
  await page.fill("#paste-host", "master1");
  await page.click("#add-button");
  await page.click("#share-button");
  // The link is made once the engine has checked the files as they are (for credentials).
  await page.waitForFunction(() => document.getElementById("share-url").value !== "");
  const url = await page.inputValue("#share-url");
  assert.match(url, /#files=[A-Za-z0-9_-]+$/);
  const encoded = url.split("#files=")[1];
  assert.deepEqual(JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")), { "master1/etc/mesos/zk": "zk://zk1:2181,zk2:2181/mesos\n" });
});

test("huge pastes and binary junk degrade with a message", async (t) => {
  const page = await openPage(t);
  let runs = await page.evaluate(() => window.__mesoslint.runs);
  // A 5 MB paste (a paste event, as from the clipboard): held out of the text box with a
  // message, over the per-file cap so reported as IN003 like the CLI does, and not loaded
  // into the editor.
  const t0 = Date.now();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData("text/plain", "tickTime=2000\n" + "# filler line\n".repeat(360_000));
    document.getElementById("paste-text").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  assert.equal(await page.inputValue("#paste-text"), "", "the text box does not hold the 5 MB");
  assert.match(await page.textContent("#paste-note"), /Pasted 4\.8 MiB: too large to show here/);
  assert.equal(await page.inputValue("#paste-kind"), "zoo.cfg", "the kind is still guessed");
  await page.click("#add-button");
  await settled(page, runs);
  t.diagnostic(`5 MB paste checked in ${Date.now() - t0} ms`);
  assert.equal(await page.locator('#findings [data-code="IN003"]').count(), 1, "IN003 for the 5 MB file");
  assert.match(await page.textContent("#editor-note"), /over the 1 MiB cap/, "a message says why the file is not shown");
  assert.ok(await page.evaluate(() => document.querySelector(".cm-content").textContent.length < 1000), "the editor does not hold the 5 MB");
  assert.equal(await page.locator("#error").isHidden(), true, "no engine error");
  // Binary junk pasted as a flag file: flagged as binary, in the panel and above the editor.
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
  assert.equal(await page.locator('#findings [data-code="IN006"][data-path="etc/mesos-master/quorum"]').count(), 1, "IN006: a binary file");
  assert.match(await page.textContent("#editor-note"), /binary/, "a message says the file looks binary");
  assert.equal(await page.locator("#error").isHidden(), true, "no engine error");
  await page.screenshot({ path: path.join(artifacts, "junk-1280.png") });
  // Binary junk as zoo.cfg: many findings, the panel stays usable.
  runs = await page.evaluate(() => window.__mesoslint.runs);
  await page.evaluate(() => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7919) % 256);
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    const ta = document.getElementById("paste-text");
    ta.value = s;
    ta.dispatchEvent(new Event("input"));
    document.getElementById("paste-path").value = "etc/zookeeper/conf/zoo.cfg";
  });
  await page.click("#add-button");
  // The path is taken by the 5 MB paste above: the clash dialog asks, and the junk replaces it.
  await page.click("#clash-replace");
  await settled(page, runs);
  // A binary zoo.cfg is reported once as binary and not parsed further (no flood of ZK findings).
  assert.equal(await page.locator('#findings [data-code="IN006"][data-path="etc/zookeeper/conf/zoo.cfg"]').count(), 1, "the junk zoo.cfg is reported as binary");
  assert.equal(await page.locator('#findings [data-code^="ZK"][data-path="etc/zookeeper/conf/zoo.cfg"]').count(), 0, "the junk zoo.cfg is not parsed as properties");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `junk does not widen the page (overflow ${overflow}px)`);
  await page.screenshot({ path: path.join(artifacts, "junk-zoo-cfg-1280.png") });
});

test("keyboard: Tab reaches a finding and Enter opens its file at its line", async (t) => {
  // The broken example from a link, so that nothing has the focus yet and findings live in
  // other files than the open one.
  const ex = readExamples().find((e) => e.name === "broken-cluster");
  const text = Object.fromEntries(Object.entries(ex.files).map(([p, b]) => [p, b.toString("utf8")]));
  const page = await openPage(t, { hash: "#files=" + Buffer.from(JSON.stringify(text), "utf8").toString("base64url") });
  await settled(page);
  const opened = await page.inputValue("#current-path");
  // From the top of the page: Tab to the skip link, follow it, then Tab through the findings.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.className), "skip", "the first Tab stop is the skip link");
  await page.keyboard.press("Enter");
  let target = null;
  for (let i = 0; i < 60 && !target; i++) {
    await page.keyboard.press("Tab");
    target = await page.evaluate((open) => {
      const a = document.activeElement;
      const item = a?.classList.contains("finding-main") ? a.closest("[data-code]") : null;
      return item && item.dataset.path !== open ? { path: item.dataset.path, line: Number(item.dataset.line), code: item.dataset.code } : null;
    }, opened);
  }
  assert.ok(target, "Tab reaches a finding in another file");
  await page.keyboard.press("Enter");
  assert.equal(await page.inputValue("#current-path"), target.path, `Enter on ${target.code} opens its file`);
  const at = await page.evaluate(() => {
    const a = document.activeElement;
    return { editor: Boolean(a?.classList.contains("cm-content")), gutter: document.querySelector(".cm-activeLineGutter")?.textContent };
  });
  assert.equal(at.editor, true, "the editor has the focus");
  assert.equal(Number(at.gutter), target.line, "the cursor is on the finding's line");
  assert.equal(await page.getAttribute("#summary", "aria-live"), "polite");
  assert.match(await page.textContent("#summary"), /\d+ errors?/, "the summary is announced");
  // Adding a pasted file with Enter on the form's button: its ZK finding appears.
  await page.fill("#paste-text", BROKEN_ZOO_CFG);
  await page.fill("#paste-host", "zkhost");
  const runs = await page.evaluate(() => window.__mesoslint.runs);
  await page.focus("#add-button");
  await page.keyboard.press("Enter");
  await settled(page, runs);
  assert.ok((await page.locator('#findings [data-code^="ZK"][data-path="zkhost/etc/zookeeper/conf/zoo.cfg"]').count()) >= 1, "the pasted zoo.cfg has a ZK finding");
});

test("screenshots at 1280 and 375 px", async (t) => {
  for (const width of [1280, 375]) {
    const page = await openPage(t, { width, height: 900 });
    const runs = await page.evaluate(() => window.__mesoslint.runs);
    await page.selectOption("#example-select", "broken-cluster");
    await settled(page, runs);
    await page.screenshot({ path: path.join(artifacts, `page-${width}.png`), fullPage: true });
    await page.screenshot({ path: path.join(artifacts, `page-${width}-viewport.png`) });
    // The findings panel itself, scrolled to a finding with several secondary labels.
    const many = page.locator('#findings [data-code="ZK008"]').first();
    await many.scrollIntoViewIfNeeded();
    await page.locator("#findings-pane").screenshot({ path: path.join(artifacts, `findings-${width}.png`) });
    // Every finding is readable: not clipped sideways, its text wider than a sliver.
    const cramped = await page.$$eval("#findings [data-code]", (els) => els
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width < 200 || e.scrollWidth > e.clientWidth + 1; })
      .map((e) => e.dataset.code));
    assert.deepEqual(cramped, [], `findings clipped or too narrow at ${width}px`);
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

// Load a tree through the page's own entry point (as a dropped folder would) and wait for it.
async function loadTree(page, tree) {
  const runs = await page.evaluate(() => window.__mesoslint.runs);
  await page.evaluate((t) => window.__mesoslint.load(t), tree);
  await settled(page, runs);
}

const state = (page) => page.getAttribute("#findings", "data-state");

test("honest states: clean with what was read, findings, unrecognised, error", async (t) => {
  const page = await openPage(t);
  assert.equal(await state(page), "empty");
  // A clean tree: the count of hosts and daemons that were read.
  const ha = readExamples().find((e) => e.name === "ha-cluster");
  const text = Object.fromEntries(Object.entries(ha.files).map(([p, b]) => [p, b.toString("utf8")]));
  await loadTree(page, text);
  const expected = engine.check(ha.files);
  assert.equal(expected.findings.length, 0, "the HA example is clean");
  assert.equal(await state(page), "clean");
  const daemons = expected.hosts.reduce((n, h) => n + h.roles.length, 0);
  assert.ok(expected.hosts.length > 0 && daemons > 0);
  assert.equal(await page.getAttribute("#findings", "data-hosts"), String(expected.hosts.length));
  assert.equal(await page.getAttribute("#findings", "data-daemons"), String(daemons));
  assert.match(await page.textContent("#findings"), new RegExp(`No findings in ${expected.hosts.length} hosts, ${daemons} daemons`));
  // Files nothing recognises, dropped at the root: not a green "No findings".
  await loadTree(page, { "notes.txt": "remember the milk\n", "settings.ini": "a=b\n" });
  assert.equal(await state(page), "unrecognised");
  const said = await page.textContent("#findings");
  assert.match(said, /Nothing was checked/);
  assert.match(said, /notes\.txt/);
  assert.match(said, /settings\.ini/);
  assert.match(said, /zoo\.cfg/, "it says which formats the page reads");
  assert.equal(await page.locator("#findings .clean").count(), 0);
  // A Marathon app alone counts as read.
  await loadTree(page, { "apps/web.json": JSON.stringify({ id: "/web", cmd: "python3 -m http.server 8080", cpus: 0.1, mem: 64, instances: 1 }) + "\n" });
  const app = engine.check({ "apps/web.json": JSON.stringify({ id: "/web", cmd: "python3 -m http.server 8080", cpus: 0.1, mem: 64, instances: 1 }) + "\n" });
  assert.ok(app.definitions > 0 && app.hosts.length === 0, "the engine reads the app without a host");
  assert.equal(await state(page), app.findings.length ? "findings" : "clean");
  if (!app.findings.length) assert.match(await page.textContent("#findings"), /No findings in 0 hosts, 0 daemons, 1 app definition/);
  // Findings, then an engine error (a mesoslint.toml it cannot read): the old findings go.
  await loadTree(page, { "zk1/etc/zookeeper/conf/zoo.cfg": BROKEN_ZOO_CFG });
  assert.equal(await state(page), "findings");
  assert.ok((await page.locator("#findings [data-code]").count()) >= 1);
  const runs = await page.evaluate(() => window.__mesoslint.runs);
  await page.fill("#paste-text", "select = [\n");
  await page.fill("#paste-path", "mesoslint.toml");
  await page.click("#add-button");
  await page.waitForFunction((n) => window.__mesoslint.runs > n, runs);
  assert.equal(await state(page), "error");
  assert.equal(await page.locator("#findings [data-code]").count(), 0, "no stale findings after an engine error");
  assert.equal(await page.locator("#error").isVisible(), true);
  assert.match(await page.textContent("#error"), /mesoslint\.toml/);
  assert.equal(await page.locator(".cm-lintRange-error, .cm-lintRange-warning").count(), 0, "no stale underlines");
  await page.screenshot({ path: path.join(artifacts, "state-error-1280.png") });
});

test("the tree's mesoslint.toml applies as in the CLI, with a banner for what it turns off", async (t) => {
  const page = await openPage(t);
  const tree = {
    "zk1/etc/zookeeper/conf/zoo.cfg": BROKEN_ZOO_CFG,
    "zk2/etc/zookeeper/conf/zoo.cfg": BROKEN_ZOO_CFG,
    "skipped/etc/zookeeper/conf/zoo.cfg": BROKEN_ZOO_CFG,
  };
  const all = engine.lint(tree);
  const zk = [...new Set(all.map((f) => f.code))].filter((c) => c.startsWith("ZK"));
  assert.ok(zk.length >= 1, `ZK findings without a config: ${keys(all)}`);
  const config = [
    `ignore = ["ZU"]`,
    `exclude = ["skipped"]`,
    "[severity]",
    `ZK = "info"`,
    "[per-path-ignores]",
    `"zk2/**" = ["ZK"]`,
    "",
  ].join("\n");
  const withConfig = { ...tree, "mesoslint.toml": config };
  await loadTree(page, withConfig);
  const expected = engine.check(withConfig);
  assert.deepEqual(await panelKeys(page), keys(expected.findings), "the page applies the config as the engine does");
  assert.ok(!expected.findings.some((f) => f.code.startsWith("ZU")), "the ignored family is gone");
  const lowered = expected.findings.filter((f) => f.code === zk[0]);
  assert.ok(lowered.length >= 1 && lowered.every((f) => f.severity === "info"), "the severity is lowered");
  assert.equal(await page.locator(`#findings [data-code="${zk[0]}"].sev-info`).count(), lowered.length);
  assert.ok(!expected.findings.some((f) => f.labels.some((l) => l.path.startsWith("zk2/") || l.path.startsWith("skipped/")) && f.code.startsWith("ZK")), "per-path-ignores and exclude apply");
  const banner = await page.textContent("#config-banner");
  assert.match(banner, /turns off \d+ rules? \(ZU\d+/);
  assert.match(banner, /lowers the severity of \d+ rules? \(ZK\d+ (error|warning) → info/);
  assert.match(banner, /leaves 1 file out \(exclude\)/);
  const bin = cliPath();
  if (bin) {
    const dir = fs.mkdtempSync(path.join(web, "test-artifacts", "config-"));
    for (const [p, c] of Object.entries(withConfig)) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), c);
    }
    assert.deepEqual(await panelKeys(page), keys(cliFindings(bin, dir)), "page vs `mesoslint --format json` with the config");
    fs.rmSync(dir, { recursive: true, force: true });
  } else t.diagnostic(NO_CLI_MESSAGE);
  // Without the config, no banner.
  await loadTree(page, tree);
  assert.equal(await page.textContent("#config-banner"), "");
});

test("share: a warning before credentials go into a link, masked by default; replaceState only", async (t) => {
  const page = await openPage(t);
  await loadTree(page, { "m1/etc/mesos/zk": "zk://admin:hunter2@zk1:2181/mesos\n", "m1/etc/mesos-master/quorum": "1\n" });
  const historyBefore = await page.evaluate(() => history.length);
  await page.click("#share-button");
  await page.waitForSelector("#share-warning:not([hidden])");
  assert.equal(await page.locator("#share-box").isHidden(), true, "no link before the user chooses");
  assert.match(await page.textContent("#share-warning-files"), /m1\/etc\/mesos\/zk/);
  assert.equal(await page.evaluate(() => location.hash), "", "nothing in the URL yet");
  await page.click("#share-redacted");
  await page.waitForSelector("#share-box:not([hidden])");
  let url = await page.inputValue("#share-url");
  let shared = JSON.parse(Buffer.from(url.split("#files=")[1], "base64url").toString("utf8"));
  assert.ok(!JSON.stringify(shared).includes("hunter2"), "masked link");
  assert.equal(shared["m1/etc/mesos/zk"], "zk://admin:*******@zk1:2181/mesos\n");
  assert.equal(shared["m1/etc/mesos-master/quorum"], "1\n");
  assert.equal(new URL(url).search, "", "the files are in the fragment only");
  // With credentials: only when the user says so.
  await page.click("#share-button");
  await page.waitForSelector("#share-warning:not([hidden])");
  await page.click("#share-as-is");
  await page.waitForSelector("#share-box:not([hidden])");
  url = await page.inputValue("#share-url");
  shared = JSON.parse(Buffer.from(url.split("#files=")[1], "base64url").toString("utf8"));
  assert.equal(shared["m1/etc/mesos/zk"], "zk://admin:hunter2@zk1:2181/mesos\n");
  assert.equal(await page.evaluate(() => history.length), historyBefore, "links replace the history entry");
  // No secret: no warning.
  await loadTree(page, { "m1/etc/mesos-master/quorum": "1\n" });
  await page.click("#share-button");
  await page.waitForSelector("#share-box:not([hidden])");
  assert.equal(await page.locator("#share-warning").isHidden(), true);
});

test("share: bounded links, __proto__ kept, hidden characters in paths shown and flagged", async (t) => {
  // A link with a file named __proto__ and a path with a right-to-left override.
  // (pairs, not an object literal: in a literal, "__proto__" would set the prototype)
  const tricky = [["__proto__", "not a prototype\n"], ["m1/etc/mesos/zk", "zk://zk1:2181/mesos\n"], ["m1/etc/mesos-master/quo\u202Erum", "1\n"]];
  const json = "{" + tricky.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",") + "}";
  const page = await openPage(t, { hash: "#files=" + Buffer.from(json, "utf8").toString("base64url") });
  await settled(page);
  const shownFiles = await page.$$eval("#file-tree .tree-file", (els) => els.map((e) => e.dataset.file));
  assert.ok(shownFiles.includes("__proto__"), `__proto__ is a file of the tree: ${shownFiles}`);
  assert.match(await page.textContent("#path-warning"), /invisible or bidirectional characters.*⟨U\+202E⟩/);
  assert.match(await page.textContent("#file-tree"), /quo⟨U\+202E⟩rum/);
  assert.ok((await page.locator("#file-tree .hidden-chars").count()) >= 1, "the path is flagged in the tree");
  await page.click("#share-button");
  await page.waitForSelector("#share-box:not([hidden])");
  const encoded = (await page.inputValue("#share-url")).split("#files=")[1];
  const back = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  assert.equal(Object.getOwnPropertyDescriptor(back, "__proto__")?.value, "not a prototype\n", "__proto__ survives the round trip");
  // Too many files for a link: a message, no link.
  const many = {};
  for (let i = 0; i < 2500; i++) many[`h${i}/etc/mesos-slave/port`] = "5051\n";
  await loadTree(page, many);
  await page.click("#share-button");
  await page.waitForSelector("#share-box:not([hidden])");
  assert.equal(await page.inputValue("#share-url"), "");
  assert.match(await page.textContent("#share-note"), /No link made: 2500 files are more than a link carries \(at most 2000\)/);
  // Such a link is refused on load, with a message, quickly.
  const big = await openPage(t, { hash: "#files=" + Buffer.from(JSON.stringify(many), "utf8").toString("base64url") });
  assert.match(await big.textContent("#error"), /at most 2000 files/);
  assert.equal(await big.locator("#file-tree .tree-file").count(), 0);
});

test("frame-busting: the page refuses to run in a frame, with and without headers", async (t) => {
  const context = await newContext(t);
  const page = await context.newPage();
  await page.setContent(`<iframe id="f" src="${base}" width="800" height="600"></iframe>`);
  const frame = await (await page.waitForSelector("#f")).contentFrame();
  await frame.waitForSelector("#framed", { state: "visible" });
  assert.equal(await frame.locator("#findings-pane").isVisible(), false, "nothing of the page shows in the frame");
  assert.notEqual(await frame.evaluate(() => window.__mesoslint?.ready), true, "the engine is not started");
  // With the _headers a host applies: the browser refuses the frame itself, and the page works.
  const strict = await serve(0, { headers: true });
  t.after(() => strict.close());
  const strictBase = `http://127.0.0.1:${strict.address().port}/`;
  const res = await fetch(strictBase);
  assert.match(res.headers.get("content-security-policy"), /frame-ancestors 'none'/);
  assert.equal(res.headers.get("x-frame-options"), "DENY");
  const page2 = await context.newPage();
  await page2.setContent(`<iframe id="f" src="${strictBase}"></iframe>`);
  const frame2 = await (await page2.waitForSelector("#f")).contentFrame();
  await page2.waitForTimeout(500);
  assert.equal(await frame2.$("#findings"), null, "the browser blocks the framed page");
  const own = await context.newPage();
  const problems = [];
  own.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  await own.goto(strictBase);
  await own.waitForFunction(() => window.__mesoslint?.ready === true);
  await own.selectOption("#example-select", "broken-cluster");
  await settled(own);
  assert.equal(await state(own), "findings");
  assert.deepEqual(problems, [], "no CSP violation under the real headers");
  // The meta policy and the header policy say the same, plus frame-ancestors.
  const meta = /Content-Security-Policy" content="([^"]+)"/.exec(fs.readFileSync(path.join(web, "src", "index.html"), "utf8"))[1];
  assert.equal(res.headers.get("content-security-policy"), `${meta}; frame-ancestors 'none'`);
});

test("speed: one lint per edit, stale runs dropped, findings list reused, wasm its own file", async (t) => {
  const page = await openPage(t);
  const wasmRequests = [];
  page.on("request", (r) => { if (r.url().endsWith(".wasm")) wasmRequests.push(r.url()); });
  const ex = readExamples().find((e) => e.name === "broken-cluster");
  const text = Object.fromEntries(Object.entries(ex.files).map(([p, b]) => [p, b.toString("utf8")]));
  await loadTree(page, text);
  // Mark every finding element, then edit a comment into the open file: same findings.
  await page.$$eval("#findings [data-code]", (els) => els.forEach((e) => { e.__kept = true; }));
  const before = await page.evaluate(() => ({ runs: window.__mesoslint.runs, requests: window.__mesoslint.requests }));
  await page.click(".cm-content");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n# a comment", { delay: 20 });
  await settled(page, before.runs);
  await page.waitForTimeout(400);
  const after = await page.evaluate(() => ({ runs: window.__mesoslint.runs, requests: window.__mesoslint.requests }));
  assert.ok(after.requests - before.requests <= 2, `a burst of typing costs at most two lints (${after.requests - before.requests})`);
  assert.equal(after.runs - before.runs, 1, "one result shown for the burst");
  const kept = await page.$$eval("#findings [data-code]", (els) => els.every((e) => e.__kept === true));
  assert.ok(kept, "unchanged findings keep their elements");
  // One lint per change: a single edit after the debounce is one request.
  const one = await page.evaluate(() => window.__mesoslint.requests);
  await page.keyboard.type("x");
  await settled(page, after.runs);
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => window.__mesoslint.requests) - one, 1, "one request for one edit");
  // The wasm is its own file, not inlined in the worker.
  const wasmSize = fs.statSync(path.join(web, "dist", "mesoslint_wasm_bg.wasm")).size;
  const workerSize = fs.statSync(path.join(web, "dist", "worker.js")).size;
  assert.ok(workerSize < wasmSize / 4, `worker.js (${workerSize} B) does not carry the wasm (${wasmSize} B)`);
  const fresh = await openPage(t);
  fresh.on("request", (r) => { if (r.url().endsWith(".wasm")) wasmRequests.push(r.url()); });
  await fresh.reload();
  await fresh.waitForFunction(() => window.__mesoslint?.ready === true);
  assert.ok(wasmRequests.some((u) => u.endsWith("/mesoslint_wasm_bg.wasm")), `the wasm is fetched as a file: ${wasmRequests}`);
});

test("no console errors or CSP violations", () => {
  assert.deepEqual(pageProblems, []);
});
