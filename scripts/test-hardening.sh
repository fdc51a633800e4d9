#!/usr/bin/env bash
# Hardening tests: hostile inputs, secrets, property tests, a short fuzz run (about a minute in
# all) and a quick benchmark smoke run. Idempotent; installs cargo-fuzz when it is missing.
#
#   scripts/test-hardening.sh                 everything
#   FUZZ_SECONDS=30 scripts/test-hardening.sh longer fuzzing per target (default 5)
#   SKIP_FUZZ=1 / SKIP_BENCH=1                leave a part out
#
# Performance targets are printed by the benchmark, never asserted. The full benchmark
# (10,000 hosts) is `cargo run --release -p mesoslint-bench -- run`; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
fuzz_seconds=${FUZZ_SECONDS:-5}

echo "== hostile inputs and secrets (CLI, end to end)"
cargo test -p mesoslint --test hostile --test secrets

echo "== property tests of the engine (sequential and with the parallel feature)"
cargo test -p mesoslint-core --test properties
cargo test -p mesoslint-core --features parallel --test properties
cargo test -p mesoslint-core --features parallel --lib par::

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "== the engine still builds for wasm32 (no threads)"
  cargo build -p mesoslint-core --target wasm32-unknown-unknown
fi

if [ -z "${SKIP_FUZZ:-}" ]; then
  echo "== fuzzing (${fuzz_seconds}s per target)"
  if ! rustup toolchain list | grep -q '^nightly'; then
    echo "the nightly toolchain is needed for cargo-fuzz: rustup toolchain install nightly" >&2
    exit 2
  fi
  if ! command -v cargo-fuzz >/dev/null; then
    cargo install cargo-fuzz
  fi
  scripts/fuzz-seeds.sh
  fuzz_target_dir="$CARGO_TARGET_DIR/fuzz"
  (cd fuzz && CARGO_TARGET_DIR="$fuzz_target_dir" cargo +nightly fuzz build)
  for t in $(cd fuzz && cargo +nightly fuzz list); do
    echo "-- $t"
    (cd fuzz && CARGO_TARGET_DIR="$fuzz_target_dir" cargo +nightly fuzz run "$t" "corpus/$t" -- \
      -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
      | grep -E '^(stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|Done)|panicked|artifact' || true)
    # A crash leaves an artifact: fail, and keep it for the regression test.
    if compgen -G "fuzz/artifacts/$t/*" >/dev/null; then
      echo "fuzz target $t found a crash: fuzz/artifacts/$t/ (add it as a regression test)" >&2
      exit 1
    fi
  done
fi

if [ -z "${SKIP_BENCH:-}" ]; then
  echo "== benchmark smoke run (100 and 1,000 hosts; targets printed, not asserted)"
  cargo build --release -p mesoslint -p mesoslint-bench
  "$CARGO_TARGET_DIR/release/mesoslint-bench" run --quick
fi
echo "== hardening tests passed"
