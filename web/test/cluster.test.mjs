// The cluster view and the settings panel in real Chromium (issue 18 item 6): the cluster's
// figures are those of the native `mesoslint hosts` (text and --format json) on the same tree and
// follow each check; the panel writes mesoslint.toml into the file set (editor, autosave and Undo
// see it), the page applies it as the CLI does, and the file's other tables survive the edit.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readTree } from "../../crates/mesoslint-wasm/npm/test/helpers.mjs";
import { repoRoot, openPage, loadTree, settled, runs, textTree, editorText, pageProblems } from "./harness.mjs";

// The native CLI: the one the test script builds (release), else the debug build.
function nativeBin() {
  const candidates = [
    process.env.MESOSLINT_BIN,
    process.env.CARGO_TARGET_DIR && path.resolve(repoRoot, process.env.CARGO_TARGET_DIR, "release", "mesoslint"),
    path.join(repoRoot, "target", "release", "mesoslint"),
    path.join(repoRoot, "target", "debug", "mesoslint"),
  ].filter(Boolean);
  const bin = candidates.find((c) => fs.existsSync(c));
  assert.ok(bin, "no native mesoslint binary: build it (cargo build -p mesoslint) or set MESOSLINT_BIN");
  return bin;
}

function writeTree(tree) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mesoslint-cluster-"));
  for (const [p, text] of Object.entries(tree)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

// Runs the CLI inside a copy of the tree; exit 1 (findings) is a normal outcome.
function native(tree, args) {
  const dir = writeTree(tree);
  try {
    return execFileSync(nativeBin(), args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    if (e.status === 1 && typeof e.stdout === "string") return e.stdout;
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const nativeHosts = (tree) => JSON.parse(native(tree, ["hosts", "--format", "json", "."]));
const nativeHostsText = (tree) => native(tree, ["hosts", "."]);
function nativeKeys(tree) {
  const doc = JSON.parse(native(tree, ["--format", "json", "."]));
  return (Array.isArray(doc) ? doc : doc.findings).map((f) => {
    const p = f.labels.find((l) => l.primary) ?? f.labels[0];
    return `${f.code} ${f.severity} ${p ? `${p.path}:${p.start.line}` : "-"}`;
  }).sort();
}

const exampleTree = (name) => textTree(readTree(path.join(repoRoot, "examples", name)));
const fileSet = async (page) => new Map(await page.evaluate(() => window.__mesoslint.files()));

// The cluster view is drawn after the findings: wait until it shows the last check.
const clusterSettled = (page) => page.waitForFunction(() => document.getElementById("cluster").dataset.run === String(window.__mesoslint.runs));

// What the cluster view shows, read from the page: the figures, the quorum sets, the host rows.
async function shownCluster(page) {
  return page.evaluate(() => {
    const fig = (id) => JSON.parse(document.querySelector(`#cluster [data-figure="${id}"]`).dataset.value);
    return {
      masters: fig("masters"),
      quorum: fig("quorum"),
      master_failures_tolerated: fig("master-failures"),
      zookeeper_voters: fig("zookeeper-voters"),
      zookeeper_observers: fig("zookeeper-observers"),
      zookeeper_failures_tolerated: fig("zookeeper-failures"),
      master_quorums: [...document.querySelectorAll("#cluster .quorum-sets li")].map((li) => ({ quorum: JSON.parse(li.dataset.quorum), masters: JSON.parse(li.dataset.masters) })),
      hosts: [...document.querySelectorAll("#cluster .cluster-hosts tbody tr")].map((tr) => ({ name: tr.dataset.host, root: tr.dataset.root, roles: JSON.parse(tr.dataset.roles), address: JSON.parse(tr.dataset.address) })),
      text: document.getElementById("cluster").textContent,
    };
  });
}

function expectedFigures(n) {
  return {
    masters: n.masters,
    quorum: n.quorum,
    master_failures_tolerated: n.master_failures_tolerated,
    zookeeper_voters: n.zookeeper_voters,
    zookeeper_observers: n.zookeeper_observers,
    zookeeper_failures_tolerated: n.zookeeper_failures_tolerated,
    master_quorums: n.master_quorums,
    hosts: n.hosts.map(({ name, root, roles, address }) => ({ name, root, roles, address })),
  };
}

// The example HA cluster, with the masters disagreeing on the quorum and an observer.
function clusterTree() {
  const tree = exampleTree("ha-cluster");
  tree["master3/etc/mesos-master/quorum"] = "1\n";
  for (const m of ["master1", "master2", "master3"]) {
    tree[`${m}/etc/zookeeper/conf/zoo.cfg`] += "server.4=observer1:2888:3888:observer\n";
  }
  return tree;
}

test("cluster view: the figures of `mesoslint hosts` (text and JSON), updated with each check", async (t) => {
  const page = await openPage(t);
  assert.equal(await page.getAttribute("#cluster", "data-state"), "empty");
  let tree = clusterTree();
  await loadTree(page, tree);
  await clusterSettled(page);
  let expected = nativeHosts(tree);
  assert.equal(expected.master_quorums.length, 2, "the tree's masters disagree on the quorum");
  assert.deepEqual(expected.zookeeper_observers, ["4=observer1"]);
  let shown = await shownCluster(page);
  assert.deepEqual({ ...shown, text: undefined }, { ...expectedFigures(expected), text: undefined }, "page vs `mesoslint hosts --format json`");
  assert.match(shown.text, /quorum 1 on 1 master: master3/);
  assert.match(shown.text, /quorum 2 on 2 masters: master1, master2/);
  assert.match(shown.text, /Master failures tolerated\s*unknown: the masters disagree/);
  assert.match(shown.text, /ZooKeeper observers\s*1 \(4=observer1\), not voting/);
  assert.match(shown.text, /ZooKeeper failures tolerated\s*1 failure/);
  assert.match(shown.text, /master1.*mesos-master, zookeeper, marathon.*10\.0\.0\.11/);

  // What starts each daemon and where its settings come from: opened with the keyboard.
  await page.focus("#cluster-daemons > summary");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("cluster-daemons-body").dataset.state === "ok");
  const daemons = await page.$$eval("#cluster-daemons-body .cluster-host", (hosts) => hosts.map((h) => ({
    name: h.dataset.host,
    daemons: [...h.querySelectorAll(".cluster-daemon")].map((d) => ({
      daemon: d.dataset.daemon,
      evidence: d.querySelector("p").textContent.replace(/^[^:]+: /, ""),
      settings: [...d.querySelectorAll("tbody tr")].map((tr) => {
        const [name, value, from] = [...tr.children].map((c) => c.textContent);
        return { name, value: value === "(unknown)" ? null : value, from };
      }),
    })),
  })));
  assert.deepEqual(daemons, expected.hosts.filter((h) => h.daemons?.length).map((h) => ({ name: h.name, daemons: h.daemons })), "daemons and settings vs --format json");

  await page.click("#cluster-text > summary");
  await page.waitForFunction(() => document.getElementById("cluster-text-body").dataset.state === "ok");
  assert.equal(await page.textContent("#cluster-text-body"), nativeHostsText(tree), "the CLI's own text");

  // An edit in the editor: the view follows the next check (figures, sets, text).
  await page.click('#file-tree [data-file="master3/etc/mesos-master/quorum"]');
  const n = await runs(page);
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("2\n");
  await settled(page, n);
  await clusterSettled(page);
  tree = { ...tree, "master3/etc/mesos-master/quorum": "2\n" };
  expected = nativeHosts(tree);
  assert.equal(expected.master_failures_tolerated, 1);
  await page.waitForFunction(() => document.querySelector('#cluster [data-figure="master-failures"]').dataset.value === "1");
  shown = await shownCluster(page);
  assert.deepEqual({ ...shown, text: undefined }, { ...expectedFigures(expected), text: undefined }, "after the edit");
  assert.match(shown.text, /Master failures tolerated\s*1 failure/);
  const text = nativeHostsText(tree);
  await page.waitForFunction((want) => document.getElementById("cluster-text-body").textContent === want, text);

  // A tree with no host: the view says so instead of showing an empty cluster.
  await loadTree(page, { "notes.txt": "nothing here\n" });
  await clusterSettled(page);
  assert.equal(await page.getAttribute("#cluster", "data-state"), "none");
});

// A mesoslint.toml with tables the panel does not own: a policy that fires and a per-path
// ignore that drops a finding.
function settingsTree(base) {
  const tree = exampleTree("broken-cluster");
  const toml = [
    tree["mesoslint.toml"].trimEnd(),
    "",
    "# Masters keep their log where the backups look.",
    "[[policy]]",
    'code = "SITE001"',
    'summary = "masters keep work_dir under /srv/mesos"',
    'daemon = "mesos-master"',
    'setting = "work_dir"',
    "require = true",
    "match = '/srv/mesos(/.*)?'",
    "",
    "[per-path-ignores]",
    `"${base.host}/**" = ["${base.code}"]`,
    "",
  ].join("\n");
  return { ...tree, "mesoslint.toml": toml };
}

const panelKeys = (page) => page.$$eval("#findings [data-code]", (els) => els.map((e) => `${e.dataset.code} ${e.className.match(/sev-(\w+)/)[1]} ${e.dataset.path}:${e.dataset.line}`).sort());

test("settings panel: writes mesoslint.toml through the file set; the page applies it as the CLI does", async (t) => {
  const page = await openPage(t);
  // Which codes to turn off, lower and ignore per path: read from what the example gives.
  const plain = exampleTree("broken-cluster");
  const first = nativeKeys(plain).map((k) => k.split(" "));
  const byHost = first.find(([code, , where]) => code === "ZU003" || /^agent/.test(where)) ?? first[0];
  const base = { code: byHost[0], host: byHost[2].split("/")[0] };
  const tree = settingsTree(base);
  await loadTree(page, tree);
  const original = tree["mesoslint.toml"];
  const keys0 = await panelKeys(page);
  assert.deepEqual(keys0, nativeKeys(tree), "before: the page and the CLI agree");
  assert.ok(keys0.some((k) => k.startsWith("SITE001 ")), "the policy fires");
  assert.ok(!keys0.some((k) => k.startsWith(`${base.code} `) && k.includes(` ${base.host}/`)), "the per-path ignore applies");
  const ignored = keys0.map((k) => k.split(" ")).find(([c, s]) => s === "warning" && c !== base.code && c !== "SITE001")[0];
  const lowered = keys0.map((k) => k.split(" ")).find(([c, s]) => s === "error" && c !== base.code && c !== ignored && c !== "SITE001")[0];

  // The panel reads the current file through the engine.
  assert.equal(await page.inputValue("#settings-target-mesos"), "1.11");
  assert.equal(await page.inputValue("#settings-target-zookeeper"), "3.4");
  assert.equal(await page.inputValue("#settings-ignore"), "");
  assert.match(await page.textContent("#settings-other"), /keeps all of it/);
  assert.equal(await page.textContent("#config-banner"), "");

  // An unknown code is refused by the engine before anything is written.
  await page.fill("#settings-ignore", "XX999");
  await page.click("#settings-write");
  await page.waitForFunction(() => /Not written/.test(document.getElementById("settings-status").textContent));
  assert.match(await page.textContent("#settings-status"), /XX999/);
  assert.equal((await fileSet(page)).get("mesoslint.toml"), original, "nothing written");

  // Ignore one code, lower another to info, change a target: with the keyboard only.
  await page.fill("#settings-ignore", ignored);
  await page.focus("#settings-add");
  await page.keyboard.press("Enter");
  await page.keyboard.type(lowered);
  await page.keyboard.press("Tab");
  await page.selectOption("#settings-severity .settings-level", "info");
  await page.fill("#settings-target-marathon", "1.10");
  const n = await runs(page);
  await page.press("#settings-target-marathon", "Enter");
  await settled(page, n);
  await page.waitForFunction(() => /^Wrote mesoslint.toml/.test(document.getElementById("settings-status").textContent));

  const written = (await fileSet(page)).get("mesoslint.toml");
  assert.match(written, new RegExp(`^ignore = \\["${ignored}"\\]$`, "m"));
  assert.match(written, new RegExp(`\\[severity\\]\\n${lowered} = "info"\\n`));
  assert.match(written, /\[target\]\nmesos = "1.11"\nmarathon = "1.10"\nzookeeper = "3.4"\n/);
  // The policy and the per-path ignore survive byte for byte, and still apply.
  const tail = original.slice(original.indexOf("# Masters keep their log"));
  assert.ok(written.includes(tail), `the other tables are kept:\n${written}`);
  assert.ok(written.startsWith("# mesoslint configuration for this example cluster\n"), "the comment is kept");
  const after = { ...tree, "mesoslint.toml": written };
  const keys1 = await panelKeys(page);
  assert.deepEqual(keys1, nativeKeys(after), "after: the page and the CLI agree on the written file");
  assert.ok(!keys1.some((k) => k.startsWith(`${ignored} `)), "the ignored code is gone");
  assert.ok(keys1.some((k) => k.startsWith(`${lowered} info `)) && !keys1.some((k) => k.startsWith(`${lowered} error `)), "the lowered code shows as info");
  assert.ok(keys1.some((k) => k.startsWith("SITE001 ")), "the policy still fires");
  assert.ok(!keys1.some((k) => k.startsWith(`${base.code} `) && k.includes(` ${base.host}/`)), "the per-path ignore still applies");
  const banner = await page.textContent("#config-banner");
  assert.match(banner, new RegExp(`turns off \\d+ rules? \\([^)]*${ignored}`));
  assert.match(banner, new RegExp(`lowers the severity of 1 rule \\(${lowered} error → info\\)`));

  // The editor shows the written file; autosave has it.
  await page.click('#file-tree [data-file="mesoslint.toml"]');
  assert.equal(await editorText(page), written);
  await page.waitForFunction((w) => (localStorage.getItem("mesoslint.files.v1") ?? "").includes(JSON.stringify(w)), written);

  // Undo restores the file and its findings.
  const m = await runs(page);
  await page.click("#undo-button");
  await settled(page, m);
  assert.equal((await fileSet(page)).get("mesoslint.toml"), original);
  assert.equal(await editorText(page), original);
  assert.deepEqual(await panelKeys(page), keys0);
  await page.waitForFunction(() => document.getElementById("settings-ignore").value === "");
  assert.equal(await page.textContent("#config-banner"), "");
});

test("settings panel: creates mesoslint.toml when there is none, and Undo removes it", async (t) => {
  const page = await openPage(t);
  const tree = exampleTree("ha-cluster");
  delete tree["mesoslint.toml"];
  await loadTree(page, tree);
  assert.match(await page.textContent("#settings-file"), /no mesoslint.toml in the tree/);
  await page.fill("#settings-select", "ZK, MM");
  const n = await runs(page);
  await page.click("#settings-write");
  await settled(page, n);
  const written = (await fileSet(page)).get("mesoslint.toml");
  assert.equal(written, '# mesoslint configuration (see the README), written by the settings panel of the page.\nselect = ["ZK", "MM"]\n');
  const keys = await panelKeys(page);
  assert.deepEqual(keys, nativeKeys({ ...tree, "mesoslint.toml": written }));
  assert.ok(keys.every((k) => /^(ZK|MM)/.test(k)), `only the selected families: ${keys}`);
  assert.match(await page.textContent("#settings-file"), /Reads and writes mesoslint.toml/);
  const m = await runs(page);
  await page.click("#undo-button");
  await settled(page, m);
  assert.ok(!(await fileSet(page)).has("mesoslint.toml"), "Undo removes the created file");
  await page.waitForFunction(() => document.getElementById("settings-select").value === "");
});

test("no console errors or CSP violations", () => {
  assert.deepEqual(pageProblems, []);
});
