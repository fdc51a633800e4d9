// The settings panel's TOML rewrite (web/src/tomledit.js), judged by the engine itself (the
// Node build of the wasm crate, settingsOf): each rewrite must read as the panel asked, and
// every statement the panel does not own must come out byte for byte. No browser needed.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { editSettings, statements } from "../src/tomledit.js";

const require = createRequire(import.meta.url);
const engine = require("../../crates/mesoslint-wasm/npm/node/mesoslint_wasm.js");

const OWNED = new Set(["select", "ignore", "severity", "target"]);

// The statements the panel must keep, as text, with the table each is in.
function kept(text) {
  let owned = false;
  const out = [];
  for (const s of statements(text)) {
    if (s.kind === "table") owned = !s.array && OWNED.has(s.keys[0]);
    if (s.kind === "blank" || s.kind === "comment") continue;
    const rootOwned = s.kind === "kv" && s.table.length === 0 && OWNED.has(s.keys[0]);
    if (!owned && !rootOwned) out.push(text.slice(s.start, s.end).replace(/\r?\n$/, ""));
  }
  return out;
}

const CASES = {
  empty: "",
  "comments only": "# just a comment\n",
  example: '# mesoslint configuration for this example cluster\n[target]\nmesos = "1.11"\nmarathon = "1.4"\nzookeeper = "3.4"\n',
  "dotted and inline": 'select = ["ZK"] # trailing\nseverity.MM001 = "info"\ntarget = { mesos = "1.9" }\nfail-level = "warning"\n\n[hosts.m1]\nroot = "m1"\n',
  "tables in the middle": 'ignore = [\n  "ZU003", # a comment in an array\n  "MA004",\n]\n[severity]\n# why\nZK008 = "warning"\n\n# the next table\n[per-path-ignores]\n"agent*/**" = ["MM001"]\n[target]\nzookeeper = "3.5"\n[[policy]]\ncode = "SITE001"\nsummary = """a summary\n[severity]\nthat looks like a table"""\ndaemon = "mesos-master"\nsetting = "work_dir"\nmatch = \'/srv(/.*)?\'\n',
  crlf: 'exclude = ["skip/**"]\r\n[severity]\r\nMM001 = "off"\r\n',
  "no final newline": 'no-hosts = "warning"',
  "quoted keys": '"select" = ["MM"]\n[severity]\n"ZK008" = "info"\n',
};

const WANTS = [
  { select: [], ignore: [], severity: {}, target: {} },
  { select: ["MM", "ZK"], ignore: ["MM001"], severity: { ZK008: "info", MA002: "off" }, target: { mesos: "1.10", zookeeper: "3.6" } },
  { select: [], ignore: ["ZU"], severity: {}, target: { marathon: "1.9.109" } },
];

for (const [name, text] of Object.entries(CASES)) {
  test(`tomledit: ${name}`, () => {
    engine.settingsOf({}, text); // the case itself is valid
    for (const want of WANTS) {
      const out = editSettings(text, want);
      const read = engine.settingsOf({}, out);
      assert.deepEqual(read.select, want.select, out);
      assert.deepEqual(read.ignore, want.ignore, out);
      assert.deepEqual(read.severity, want.severity, out);
      for (const d of ["mesos", "marathon", "zookeeper"]) assert.equal(read.target[d] ?? null, want.target[d] ?? null, `${d}\n${out}`);
      assert.deepEqual(kept(out), kept(text), `the rest is kept\n${out}`);
      assert.equal(editSettings(out, want), out, "writing the same values again changes nothing");
      if (text.includes("\r\n")) assert.ok(!/[^\r]\n/.test(out), "CRLF stays CRLF");
    }
  });
}

test("tomledit: a document that is not TOML is refused, not rewritten", () => {
  assert.throws(() => editSettings('select = ["MM"\n', WANTS[1]));
  assert.throws(() => editSettings('[severity\nMM001 = "off"\n', WANTS[1]));
});
