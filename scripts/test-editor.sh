#!/usr/bin/env bash
# The editor integration: the VS Code extension in editors/vscode, built into a .vsix with
# @vscode/vsce, then exercised headlessly: its activate() runs with a stand-in `vscode` module
# and the real vscode-languageclient against the real `mesoslint server` (VS Code itself cannot
# run here). The Rust side of the protocol is tested by crates/mesoslint-cli/tests/server.rs.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -p mesoslint --locked
bin="$PWD/target/debug/mesoslint"

cd editors/vscode
npm ci --no-audit --no-fund

echo "== extension tests (source)"
MESOSLINT_BIN="$bin" node --test test/activate.test.js

echo "== package the .vsix"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npx --no-install vsce package --out "$out/mesoslint.vsix"
(cd "$out" && unzip -q mesoslint.vsix -d vsix)
for f in extension/package.json extension/extension.js extension/node_modules/vscode-languageclient/node.js; do
    [ -f "$out/vsix/$f" ] || { echo "the .vsix lacks $f" >&2; exit 1; }
done

echo "== extension tests (the packaged .vsix)"
MESOSLINT_BIN="$bin" MESOSLINT_EXTENSION_DIR="$out/vsix/extension" node --test test/activate.test.js
