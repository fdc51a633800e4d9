#!/usr/bin/env bash
# Builds and tests the WebAssembly engine, its npm package and the web page.
# Installs what it needs when missing (idempotent): the wasm32 target, wasm-bindgen-cli at the
# version pinned in Cargo.lock, Chromium (Debian), and web/'s npm dependencies.
#
#   scripts/test-web.sh            everything
#   SKIP_CLI=1 scripts/test-web.sh without building the CLI for the comparison
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}

echo "== toolchain"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wb_version" ]; then
  echo "wasm-bindgen not found in Cargo.lock" >&2
  exit 2
fi
if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$wb_version" ]; then
  # Not --locked: one locked dependency of the CLI is missing from the registry mirror.
  cargo install wasm-bindgen-cli --version "$wb_version"
fi
echo "wasm-bindgen $(wasm-bindgen --version | awk '{print $2}') (Cargo.lock: $wb_version)"

if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
  apt-get update
  apt-get install -y chromium
fi

npm --prefix web ci --no-audit --no-fund

echo "== Rust tests of the wasm crate"
cargo test -p mesoslint-wasm

if [ -z "${SKIP_CLI:-}" ] && [ -z "${MESOSLINT_BIN:-}" ]; then
  echo "== the CLI, to compare with"
  cargo build --release -p mesoslint
fi
export CARGO_TARGET_DIR="$target_dir"

echo "== build (wasm + page + npm package)"
npm --prefix web run build

echo "== wasm size budget (300 KB gzipped)"
node web/scripts/check-size.mjs

echo "== benchmark: a 5-host tree in the page's engine (figures, not asserted)"
node web/scripts/bench.mjs 200

echo "== npm package test (Node)"
npm --prefix web run test:package

echo "== the npm package's mesoslint command against the native CLI (every example and fixture tree)"
native=${MESOSLINT_BIN:-$target_dir/release/mesoslint}
[ -x "$native" ] || native=$target_dir/debug/mesoslint
node tests/dist/npm-cli.mjs crates/mesoslint-wasm/npm/bin/mesoslint.js "$native"

echo "== browser tests (Chromium)"
npm --prefix web run test:browser

echo "== benchmark: edit -> findings on screen, 500-host tree in Chromium (target 300 ms after the debounce; figures, not asserted)"
node web/scripts/bench-edit.mjs 500
echo "screenshots: web/test-artifacts/"
