#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this script). It installs what it needs on a
# fresh Debian machine with a Rust toolchain: the wasm target, wasm-bindgen-cli, Chromium and the
# npm packages. Each part is a script of its own under scripts/.
set -euo pipefail
cd "$(dirname "$0")/.."

# CI builds from a clean clone once: incremental caches would only double the disk the build
# takes. A developer's own `cargo test` keeps them.
export CARGO_INCREMENTAL=0

step() {
    printf '\n==> %s\n' "$*"
    # The free disk at each step: a build that runs out of space then says where it stood.
    df -h . 2>/dev/null | awk 'NR == 2 { print "    (disk: " $4 " free)" }' || true
}

step "toolchain components"
rustup component add rustfmt clippy >/dev/null 2>&1 || true
rustup target add wasm32-unknown-unknown >/dev/null

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "mesoslint-core builds for wasm32-unknown-unknown"
cargo build -p mesoslint-core --target wasm32-unknown-unknown --locked
cargo clippy -p mesoslint-core --target wasm32-unknown-unknown --locked -- -D warnings

step "cargo test --workspace"
cargo test --workspace --locked

for part in scripts/test-cli.sh scripts/test-web.sh scripts/test-dist.sh scripts/test-packages.sh scripts/test-hardening.sh scripts/test-editor.sh; do
    if [ -x "$part" ]; then
        step "$part"
        "$part"
    fi
done

step "all tests passed"
