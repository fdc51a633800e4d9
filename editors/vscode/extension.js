// The mesoslint extension: starts `mesoslint server` (the language server of the mesoslint
// binary) for the workspace. Findings, fixes (code actions), inline suppressions and hover on
// flags all come from the server; this file only finds the binary and wires the client.
'use strict';

const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

// `mesoslint.path` when set, else the first `mesoslint` on PATH; undefined when none.
function findBinary(configured, envPath) {
  if (configured) {
    return configured;
  }
  const names = process.platform === 'win32' ? ['mesoslint.exe'] : ['mesoslint'];
  for (const dir of (envPath || '').split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) {
          return candidate;
        }
      } catch (_) {
        // Not here: try the next directory.
      }
    }
  }
  return undefined;
}

async function activate(context) {
  const configured = vscode.workspace.getConfiguration('mesoslint').get('path');
  const command = findBinary(configured, process.env.PATH);
  if (!command) {
    vscode.window.showErrorMessage(
      'mesoslint: no `mesoslint` binary on PATH; install it or set `mesoslint.path`.'
    );
    return undefined;
  }
  const run = { command, args: ['server'], transport: TransportKind.stdio };
  const serverOptions = { run, debug: run };
  const clientOptions = {
    // Every file of the workspace: config files have no language of their own (flag files,
    // myid, zoo.cfg), and the server decides what it reads.
    documentSelector: [{ scheme: 'file', pattern: '**/*' }],
  };
  client = new LanguageClient('mesoslint', 'mesoslint', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
  return client;
}

async function deactivate() {
  if (client) {
    const c = client;
    client = undefined;
    await c.stop();
  }
}

module.exports = { activate, deactivate, findBinary };
