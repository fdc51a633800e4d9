// The extension as VS Code would run it, headless: activate() with a stand-in `vscode` module,
// the real vscode-languageclient, and the real `mesoslint server` (MESOSLINT_BIN) on a copy of
// examples/broken-cluster.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createMock, install } = require('./vscode-mock');

const bin = process.env.MESOSLINT_BIN;
const example = path.join(__dirname, '..', '..', '..', 'examples', 'broken-cluster');

function tree() {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mesoslint-vscode-')));
  fs.cpSync(example, dir, { recursive: true });
  return dir;
}

async function until(what, pred, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = pred();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const root = tree();
const mock = createMock({ settings: { 'mesoslint.path': bin }, workspaceFolder: root });
install(mock.vscode);
// The unpacked .vsix when MESOSLINT_EXTENSION_DIR is set (what users install), else the source.
const extension = require(process.env.MESOSLINT_EXTENSION_DIR || path.join(__dirname, '..'));

test('MESOSLINT_BIN names the binary to test', () => {
  assert.ok(bin && fs.existsSync(bin), `MESOSLINT_BIN=${bin}`);
});

test('activate() starts mesoslint server and its findings reach the editor', async () => {
  const context = { subscriptions: [] };
  const client = await extension.activate(context);
  assert.ok(client, 'a client is returned');
  assert.ok(context.subscriptions.includes(client));
  const myid = 'file://' + encodeURI(path.join(root, 'master3/etc/zookeeper/conf/myid'));
  const diags = await until('ZK008 on myid', () => {
    const d = mock.published.get(myid);
    return d && d.some((x) => String(x.code && (x.code.value || x.code)) === 'ZK008') && d;
  });
  const zk008 = diags.find((x) => String(x.code.value || x.code) === 'ZK008');
  assert.strictEqual(zk008.range.start.line, 0);
  assert.match(zk008.message, /myid 2 on master3/);
  // A cross-host finding: MM001 on the master's file it points at.
  const zk = 'file://' + encodeURI(path.join(root, 'master1/etc/mesos/zk'));
  await until('MM001 on master1', () => {
    const d = mock.published.get(zk);
    return d && d.some((x) => String(x.code.value || x.code) === 'MM001');
  });
  await extension.deactivate();
});

test('findBinary: the setting first, else PATH, else nothing', () => {
  assert.strictEqual(extension.findBinary('/opt/x/mesoslint', ''), '/opt/x/mesoslint');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesoslint-path-'));
  fs.writeFileSync(path.join(dir, 'mesoslint'), '#!/bin/sh\n', { mode: 0o755 });
  assert.strictEqual(extension.findBinary('', `/nonexistent${path.delimiter}${dir}`), path.join(dir, 'mesoslint'));
  assert.strictEqual(extension.findBinary('', '/nonexistent'), undefined);
});
