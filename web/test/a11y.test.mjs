// axe-core (from web/node_modules) run on the page in real Chromium, in each state the page can
// be in: empty, findings (with fix buttons), clean, the cluster view's sections open and a
// settings override row added, unrecognised, engine error, the rules
// dialog open, the share warning open, the name-clash question open, fixes applied (with the
// Undo toast) and at phone width. No serious or critical violation is allowed; lesser ones are
// printed as diagnostics. axe's experimental rules run too (label-content-name-mismatch is one).

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readExamples } from "../../crates/mesoslint-wasm/npm/test/helpers.mjs";
import { openPage, loadTree, settled, runs } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

const text = (ex) => Object.fromEntries(Object.entries(ex.files).map(([p, b]) => [p, b.toString("utf8")]));
const example = (name) => text(readExamples().find((e) => e.name === name));

/** axe's violations on the page as it is now ([{id, impact, help, nodes}]) and how many rules passed. */
async function violations(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const rules = Object.fromEntries(window.axe.getRules(["experimental"]).map((r) => [r.ruleId, { enabled: true }]));
    const res = await window.axe.run(document, { rules, resultTypes: ["violations"] });
    return {
      passed: res.passes.length,
      violations: res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`) })),
    };
  });
}

function checker(t) {
  const serious = [];
  return {
    async check(page, state) {
      const { passed, violations: found } = await violations(page);
      assert.ok(passed >= 20, `${state}: axe ran (${passed} rules passed)`);
      for (const v of found) {
        const line = `${state}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).join(" | ")}`;
        if (v.impact === "serious" || v.impact === "critical") serious.push(line);
        else t.diagnostic(line);
      }
    },
    done() {
      assert.deepEqual(serious, [], "no serious or critical accessibility violation");
    },
  };
}

const panelState = (page) => page.getAttribute("#findings", "data-state");

test("axe: no serious violation in any state of the page", async (t) => {
  const axe = checker(t);
  const page = await openPage(t, { bypassCSP: true });
  assert.equal(await panelState(page), "empty");
  await axe.check(page, "empty");

  await loadTree(page, example("broken-cluster"));
  assert.equal(await panelState(page), "findings");
  await axe.check(page, "findings");

  await loadTree(page, example("ha-cluster"));
  assert.equal(await panelState(page), "clean");
  await axe.check(page, "clean");

  // The cluster view's two sections opened (the engine's hosts() fills them), and a severity
  // override row added in the settings panel.
  await page.click("#cluster-daemons > summary");
  await page.waitForFunction(() => document.getElementById("cluster-daemons-body").dataset.state === "ok");
  await page.click("#cluster-text > summary");
  await page.waitForFunction(() => document.getElementById("cluster-text-body").dataset.state === "ok");
  await page.click("#settings-add");
  await axe.check(page, "cluster sections open, settings override row");

  await loadTree(page, { "notes.txt": "remember the milk\n" });
  assert.equal(await panelState(page), "unrecognised");
  await axe.check(page, "unrecognised");

  const before = await runs(page);
  await page.evaluate(() => window.__mesoslint.load({ "zk1/etc/zookeeper/conf/zoo.cfg": "tickTime=2000\n", "mesoslint.toml": "select = [\n" }));
  await page.waitForFunction((r) => window.__mesoslint.runs > r, before);
  assert.equal(await panelState(page), "error");
  await axe.check(page, "error");

  // The rules dialog, a rule's documentation shown.
  await page.click("#rules-button");
  await page.waitForSelector("#rules-dialog[open]");
  await page.locator("#rule-list button").first().click();
  await axe.check(page, "rules dialog open");
  await page.click("#rules-close");

  // The share warning (the tree holds a password).
  await loadTree(page, { "m1/etc/mesos/zk": "zk://admin:hunter2@zk1:2181/mesos\n", "m1/etc/mesos-master/quorum": "1\n" });
  await page.click("#share-button");
  await page.waitForSelector("#share-warning:not([hidden])");
  await axe.check(page, "share warning open");
  await page.click("#share-redacted");
  await page.waitForSelector("#share-box:not([hidden])");
  await axe.check(page, "share link made");

  // The name-clash question (a file added over another one).
  await page.fill("#paste-text", "2\n");
  await page.fill("#paste-path", "m1/etc/mesos-master/quorum");
  await page.click("#add-button");
  await page.waitForSelector("#clash-dialog[open]");
  await axe.check(page, "name clash question open");
  await page.click("#clash-cancel");

  // Safe fixes offered, then applied (the Undo toast shows).
  const zk = "zk://zk1:2181,zk2:2181,zk3:2181/mesos\n";
  await loadTree(page, {
    "zk1/etc/zookeeper/conf/zoo.cfg": "tickTime=2000 # ms\ndataDir=/var/lib/zookeeper\nclientPort=2181\n",
    "m1/etc/mesos/zk": zk, "m1/etc/mesos-master/quorum": "1\n",
    "m2/etc/mesos/zk": zk, "m2/etc/mesos-master/quorum": "1\n",
    "m3/etc/mesos/zk": zk, "m3/etc/mesos-master/quorum": "1\n",
  });
  assert.ok((await page.locator(".fix-button").count()) >= 1);
  await axe.check(page, "fix buttons shown");
  const n = await runs(page);
  await page.click("#fix-all");
  await settled(page, n);
  await page.waitForSelector("#undo-toast:not([hidden])");
  assert.equal(await page.locator(".fix-button").count(), 0);
  await axe.check(page, "fixes applied");

  // Phone width, findings shown.
  await page.setViewportSize({ width: 375, height: 800 });
  await loadTree(page, example("broken-cluster"));
  await axe.check(page, "findings at 375 px");
  axe.done();
});
