// The npm package (Node target) on the repository's examples: same findings as the CLI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readExamples, cliPath, cliReport, cliText, keys, labelKeys, NO_CLI_MESSAGE } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const mesoslint = require("@mesoslint/wasm");

test("the package exposes the documented API", () => {
  for (const fn of ["lint", "check", "render", "rules", "summary", "version"]) {
    assert.equal(typeof mesoslint[fn], "function", fn);
  }
  assert.match(mesoslint.version(), /^\d+\.\d+\.\d+/);
  const rules = mesoslint.rules();
  assert.ok(rules.length > 0);
  for (const r of rules) {
    assert.match(r.code, /^[A-Z]{2}\d{3}$/);
    assert.ok(r.documentation.length > 0, r.code);
    assert.ok(["error", "warning", "info"].includes(r.severity));
  }
});

test("bad input is a thrown Error, never a crash", () => {
  for (const bad of [null, 42, "text", [1, 2], { "": "x" }, { a: 42 }, { a: {} }]) {
    assert.throws(() => mesoslint.lint(bad), Error, JSON.stringify(bad));
  }
  assert.throws(() => mesoslint.lint({}, { select: ["NOPE999"] }), /NOPE999/);
  assert.throws(() => mesoslint.lint({}, "ignore = ["), /mesoslint.toml/);
  assert.throws(() => mesoslint.lint({ "mesoslint.toml": "bogus = 1" }), /bogus/);
  // The engine is still usable afterwards; an empty tree is IN011 (never a silent clean), as
  // in the CLI, unless `no-hosts` says otherwise.
  assert.deepEqual(mesoslint.lint({}).map((f) => f.code), ["IN011"]);
  assert.deepEqual(mesoslint.lint({}, 'no-hosts = "ignore"'), []);
});

test("hostile contents degrade to findings", () => {
  const junk = new Uint8Array(70_000).map((_, i) => (i * 7919) % 256);
  const big = "x".repeat(1_048_577);
  const res = mesoslint.check({
    "etc/zookeeper/conf/zoo.cfg": junk,
    "etc/mesos-master/quorum": big,
    "etc/mesos/zk": new Uint8Array([0x7a, 0x6b, 0x3a, 0xff]).buffer,
    "h\u00f4st/etc/myid": "\u{1F600}\n",
  });
  const codes = res.findings.map((f) => f.code);
  assert.ok(codes.includes("IN003"), `IN003 for the oversized file: ${codes}`);
  assert.ok(typeof res.summary_line === "string");
  assert.ok(mesoslint.render({ a: junk }).length > 0);
});

test("render() is the CLI's plain text and ends with the summary line", () => {
  const files = { "etc/mesos-master/quorum": new Uint8Array([0, 1, 2]) };
  const res = mesoslint.check(files);
  assert.ok(mesoslint.render(files).trimEnd().endsWith(res.summary_line));
});

test("checkAndRender() is check() and render() from one lint", () => {
  for (const ex of readExamples()) {
    const both = mesoslint.checkAndRender(ex.files);
    const { rendered, ...check } = both;
    assert.deepEqual(check, mesoslint.check(ex.files), ex.name);
    assert.equal(rendered, mesoslint.render(ex.files), ex.name);
  }
});

for (const ex of readExamples()) {
  test(`example ${ex.name}: same findings as \`mesoslint --format json\``, (t) => {
    const findings = mesoslint.lint(ex.files);
    const res = mesoslint.check(ex.files);
    assert.deepEqual(keys(res.findings), keys(findings));
    if (ex.name === "broken-cluster") {
      // Not a vacuous comparison: the cross-host rules fire on the broken example.
      for (const code of ["MM001", "ZU003", "ZK008"]) assert.ok(findings.some((f) => f.code === code), `${code} on ${ex.name}`);
    }
    t.diagnostic(`${ex.name}: ${res.summary_line}`);
    for (const f of findings) {
      for (const l of f.labels) {
        assert.ok(Object.hasOwn(ex.files, l.path), `label path ${l.path} is one of the files`);
        assert.ok(l.start.line >= 1 && l.start.column_utf16 >= 1);
      }
    }
    const bin = cliPath();
    if (!bin) {
      t.diagnostic(NO_CLI_MESSAGE);
      t.skip(NO_CLI_MESSAGE);
      return;
    }
    const report = cliReport(bin, ex.dir);
    const cli = report.findings;
    // Coarse to fine, so a failure says what differs first: codes and lines, every label's
    // span, the messages, then every field of every finding (severity, label messages, byte
    // and UTF-16 columns and offsets, help, notes) in the same order.
    assert.deepEqual(keys(findings), keys(cli));
    assert.deepEqual(labelKeys(findings), labelKeys(cli));
    assert.deepEqual(findings.map((f) => f.message), cli.map((f) => f.message));
    assert.deepEqual(findings, cli);
    assert.equal(res.summary_line, report.summary.text, "summary line");
    // render() is exactly what `mesoslint --color never` prints.
    assert.equal(mesoslint.render(ex.files), cliText(bin, ex.dir), "render() vs `mesoslint --color never`");
  });
}

test("no planted secret appears in any output", () => {
  const secrets = ["ZkPass0001", "ZkPass0002", "CredSecret0004", "HttpSecret0005",
    "AgentSecret0006", "MaraSecret0007", "MaraHttp0008", "MaraSecret0009", "MaraHttp0010"];
  const files = {
    "m1/etc/mesos/zk": "zk://admin:ZkPass0001@m1:2181/mesos\n",
    "m1/etc/mesos-master/quorum": "1\n",
    "m1/etc/marathon/conf/master": "zk://mara:ZkPass0002@m1:2181,m9:2181/mesos\n",
    "m1/etc/default/marathon": "export MARATHON_HTTP_CREDENTIALS=admin:MaraHttp0010\n",
    "m1/etc/mesos-master/credentials": "/etc/mesos/auth.json\n",
    "m1/etc/mesos/auth.json": '{"credentials":[{"principal":"p","secret":"CredSecret0004"}]}\n',
    "m1/etc/mesos-master/http_credentials": "/etc/mesos/http.txt\n",
    "m1/etc/mesos/http.txt": new Uint8Array([...Buffer.from("admin HttpSecret0005"), 0, 10]),
    "a1/etc/mesos/zk": "zk://admin:ZkPass0001@m1:2181/mesos\n",
    "a1/etc/mesos-slave/credential": "file:///etc/mesos/agent-auth\n",
    "a1/etc/mesos/agent-auth": new Uint8Array([...Buffer.from("agent AgentSecret0006 "), 0xff, 10]),
    "m1/etc/marathon/conf/mesos_authentication_secret_file": "/etc/marathon/mesos-pw\n",
    "m1/etc/marathon/mesos-pw": "MaraSecret0007\n",
    "m1/etc/marathon/conf/http_credentials": "admin:MaraHttp0008\n",
    "m1/etc/marathon/conf/mesos_authentication_secret": "MaraSecret0009\n",
  };
  const outputs = {
    lint: JSON.stringify(mesoslint.lint(files)),
    check: JSON.stringify(mesoslint.check(files)),
    render: mesoslint.render(files),
    summary: JSON.stringify(mesoslint.summary(files)),
  };
  assert.ok(outputs.lint.length > 2, "the planted tree has findings");
  for (const [what, text] of Object.entries(outputs)) {
    for (const s of secrets) {
      assert.ok(!text.includes(s), `${what}() shows the secret ${s}`);
    }
  }
});
