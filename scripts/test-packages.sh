#!/usr/bin/env bash
# Package tests: what users install, installed the way they install it.
#
#   - the Python wheel, built with maturin from this checkout, pip-installed into a fresh
#     virtual environment and run on the examples;
#   - the pre-commit `language: python` hook, run by the real pre-commit through `try-repo`,
#     installing that wheel (from a local package directory, as pip would from PyPI) with no
#     Rust toolchain on PATH;
#   - the npm package: `npm pack`, installed into an empty prefix, its `mesoslint` command run
#     on every example and fixture tree and compared with the native CLI (the package must be
#     built first: scripts/test-web.sh, which test-all.sh runs before this script).
#
# Self-installing: maturin and pre-commit go into virtualenvs under tmp/dist-tools (gitignored).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

version="$(sed -n 's/^version = "\([^"]*\)"$/\1/p' Cargo.toml | head -n 1)"
for f in pyproject.toml; do
  grep -q "^version = \"$version\"$" "$f" && grep -q "\"mesoslint==$version\"" "$f" \
    || fail "$f does not pin version $version (the workspace version)"
done

step "tools (maturin and pre-commit in $tools)"
want_maturin="$(sed -n 's/^maturin==//p' tests/dist/requirements-packages.txt)"
if [[ ! -x "$tools/maturin/bin/maturin" ]] || [[ "$("$tools/maturin/bin/maturin" --version)" != "maturin $want_maturin" ]]; then
  python3 -m venv "$tools/maturin"
  "$tools/maturin/bin/pip" install --quiet --disable-pip-version-check -r tests/dist/requirements-packages.txt
fi
install_precommit
echo "$("$tools/maturin/bin/maturin" --version), $("$tools/venv/bin/pre-commit" --version)"

step "native CLI (the reference)"
cargo build -p mesoslint --locked --quiet
native="$CARGO_TARGET_DIR/debug/mesoslint"

# ------------------------------------------------------------------------------------------
step "Python wheel: maturin build, pip install into a fresh venv, run"
wheels="$work/wheels"
"$tools/maturin/bin/maturin" build --release --locked --quiet -m crates/mesoslint-cli/Cargo.toml -o "$wheels" \
  > "$work/maturin.log" 2>&1 || { tail -30 "$work/maturin.log"; fail "maturin build"; }
wheel="$(ls "$wheels"/mesoslint-"$version"-*.whl 2>/dev/null | head -n 1)"
if [[ -z "$wheel" ]]; then
  fail "no wheel mesoslint-$version-*.whl built"
else
  echo "built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"
  python3 -m venv "$work/venv"
  PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheels" "$work/venv/bin/pip" install --quiet --disable-pip-version-check mesoslint \
    || fail "pip install mesoslint (from the built wheel)"
  py_bin="$work/venv/bin/mesoslint"
  [[ "$("$py_bin" --version)" == "mesoslint $version" ]] || fail "the wheel's mesoslint --version: $("$py_bin" --version)"
  set +e
  "$py_bin" examples/broken-cluster --format concise > "$work/wheel-broken.txt" 2>&1; c=$?
  set -e
  [[ $c -eq 1 ]] && grep -q 'error\[MM001\]' "$work/wheel-broken.txt" || { cat "$work/wheel-broken.txt"; fail "wheel on the broken example: exit $c"; }
  "$native" examples/broken-cluster --format concise > "$work/native-broken.txt" 2>&1 || true
  cmp -s "$work/wheel-broken.txt" "$work/native-broken.txt" || fail "the wheel's findings differ from the native CLI's"
  "$py_bin" examples/ha-cluster > /dev/null || fail "wheel on the clean example: exit $?"
  echo "wheel: $(grep -c . "$work/wheel-broken.txt") findings on the broken example (exit 1), clean example exit 0"
fi

# ------------------------------------------------------------------------------------------
step "pre-commit language: python hook (try-repo, installs the wheel, no cargo on PATH)"
if [[ -n "$wheel" ]]; then
  # The hook's repository is pip-installed with build isolation: setuptools for the shim
  # package comes from PyPI into the same local directory that holds the wheel.
  "$tools/venv/bin/pip" download --quiet --disable-pip-version-check --only-binary=:all: \
    -d "$wheels" "setuptools>=61" > /dev/null || fail "pip download setuptools"
  snapshot="$work/hook-repo"
  snapshot_checkout "$snapshot"
  nocargo_path="$(tr ':' '\n' <<< "$PATH" | grep -v -e '\.cargo/bin' -e '\.rustup' | paste -sd: -)"
  run_hook() {  # run_hook NAME TREE: try-repo the python hook in a git repository holding TREE
    repo_of "$work/pc-$1" "$2"
    set +e
    (cd "$work/pc-$1" && PATH="$nocargo_path" PRE_COMMIT_HOME="$work/pre-commit-home" PIP_NO_INDEX=1 \
      PIP_FIND_LINKS="$wheels" "$tools/venv/bin/pre-commit" try-repo "$snapshot" mesoslint-python \
      --all-files --color never) > "$work/pc-$1.log" 2>&1
    hook_code=$?
    set -e
  }
  run_hook broken examples/broken-cluster
  if [[ $hook_code -ne 1 ]] || ! grep -q '^mesoslint.*Failed$' "$work/pc-broken.log" || ! grep -q 'error\[MM001\]' "$work/pc-broken.log"; then
    cat "$work/pc-broken.log"; fail "pre-commit python hook (broken): exit $hook_code, expected a failed hook with findings"
  fi
  grep -qi 'cargo\|rustc' "$work/pc-broken.log" && fail "pre-commit python hook: cargo or rustc was involved"
  run_hook clean examples/ha-cluster
  [[ $hook_code -eq 0 ]] && grep -q '^mesoslint.*Passed$' "$work/pc-clean.log" \
    || { cat "$work/pc-clean.log"; fail "pre-commit python hook (clean): exit $hook_code"; }
  echo "pre-commit python hook: failed on the broken example with findings, passed on the clean one"
fi

# ------------------------------------------------------------------------------------------
step "npm package: npm pack, npm install -g into an empty prefix (offline), its mesoslint command"
if [[ ! -f crates/mesoslint-wasm/npm/node/mesoslint_wasm_bg.wasm ]]; then
  fail "the npm package is not built (npm --prefix web run build, as scripts/test-web.sh does)"
else
  (cd crates/mesoslint-wasm/npm && npm pack --silent --pack-destination "$work") > "$work/npm-pack.log" 2>&1 \
    || { cat "$work/npm-pack.log"; fail "npm pack"; }
  tgz="$(ls "$work"/mesoslint-wasm-"$version".tgz 2>/dev/null | head -n 1)"
  prefix="$work/npm-prefix"
  if [[ -z "$tgz" ]]; then
    fail "npm pack made no mesoslint-wasm-$version.tgz"
  elif ! npm install -g --offline --no-audit --no-fund --loglevel=error --prefix "$prefix" "$tgz"; then
    fail "npm install -g --prefix (from the tarball)"
  else
    npm_bin="$prefix/bin/mesoslint"
    [[ "$("$npm_bin" --version)" == "mesoslint $version" ]] || fail "npm mesoslint --version: $("$npm_bin" --version)"
    set +e
    "$npm_bin" examples/broken-cluster --format concise > "$work/npm-broken.txt" 2>&1; c=$?
    "$native" examples/broken-cluster --format concise > "$work/native-broken.txt" 2>&1
    set -e
    [[ $c -eq 1 ]] && cmp -s "$work/npm-broken.txt" "$work/native-broken.txt" \
      || { cat "$work/npm-broken.txt"; fail "npm mesoslint on the broken example: exit $c or findings differ from the native CLI's"; }
    node tests/dist/npm-cli.mjs "$npm_bin" "$native" examples || fail "the npm mesoslint command differs from the native CLI"
  fi
fi

# ------------------------------------------------------------------------------------------
finish test-packages
