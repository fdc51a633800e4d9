#!/usr/bin/env bash
# The CLI's test command: unit and end-to-end tests, then every output format on every example
# (and on generated trees with hostile files), with the SARIF validated by Microsoft's SARIF
# validator (npm @microsoft/sarif-multitool, pinned in tests/sarif/package-lock.json).
#
#   scripts/test-cli.sh            # everything
#   SKIP_CARGO_TEST=1 scripts/test-cli.sh   # only the format/SARIF checks
#
# scripts/test-all.sh runs `cargo test --workspace` first; this script's own cargo test step
# then only re-runs the (already built) CLI tests.
#
# Exit status: 0 when every check passes.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
target="${CARGO_TARGET_DIR:-$repo/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail=0

if [[ -z "${SKIP_CARGO_TEST:-}" ]]; then
  echo "== cargo test -p mesoslint (CLI unit and end-to-end tests)"
  cargo test -p mesoslint --locked
fi

echo "== build"
cargo build -p mesoslint --locked --quiet
bin="$target/debug/mesoslint"

echo "== SARIF validator (npm ci in tests/sarif)"
if [[ ! -x tests/sarif/node_modules/.bin/sarif-multitool ]]; then
  (cd tests/sarif && npm ci --no-audit --no-fund --loglevel=error)
fi

# Trees to check: every example, plus generated trees covering suppressions and hostile files.
trees=()
if [[ -d examples ]]; then
  for d in examples/*/; do
    [[ -d "$d" ]] && trees+=("$repo/${d%/}")
  done
fi
gen="$work/trees"
mkdir -p "$gen/broken/m1/etc/mesos-master" "$gen/broken/m1/etc/mesos" "$gen/broken/m1/etc/default" \
         "$gen/broken/a1/etc/mesos-slave/attributes" "$gen/broken/z1/etc/zookeeper/conf"
printf '2\n' > "$gen/broken/m1/etc/mesos-master/quorum"
printf '/var/lib/mesos\0\n' > "$gen/broken/m1/etc/mesos-master/work_dir"
printf 'zk://mesos:s3cr3tPassw0rd@z1:2181/mesos\n' > "$gen/broken/m1/etc/mesos/zk"
printf '# mesoslint: ignore[IN006] stale\nMESOS_X=1\n# mesoslint: ignore[IN002]\nMESOS_Y=\xe9 zk://u:s3cr3tPassw0rd@z1:2181/m\n' \
  > "$gen/broken/m1/etc/default/mesos-master"
printf 'rack-\xe9\n' > "$gen/broken/a1/etc/mesos-slave/attributes/rack"
printf 'tickTime=2000\ndataDir=/var/lib/zookeeper\n' > "$gen/broken/z1/etc/zookeeper/conf/zoo.cfg"
mkfifo "$gen/broken/m1/etc/mesos-master/fifo"
ln -s loop_b "$gen/broken/m1/etc/mesos-master/loop_a"
ln -s loop_a "$gen/broken/m1/etc/mesos-master/loop_b"
ln -s /etc/hostname "$gen/broken/m1/etc/mesos-master/outside"
truncate -s 2M "$gen/broken/m1/etc/mesos-master/big"
trees+=("$gen/broken")
mkdir -p "$gen/empty"
trees+=("$gen/empty")

workflow_re='^::(error|warning|notice) (file=[^,:]*,line=[0-9]+,col=[0-9]+,endLine=[0-9]+(,endColumn=[0-9]+)?,)?title=[^,:]*::.*$'

n=0
for tree in "${trees[@]}"; do
  n=$((n + 1))
  echo "== $tree"
  for format in human concise json sarif github; do
    out="$work/out-$n.$format"
    set +e
    # Lint from the tree's parent so paths in the output are short and relative.
    (cd "$(dirname "$tree")" && timeout 120 "$bin" "$(basename "$tree")" --format "$format" \
        --output-file "$out") 2> "$work/err"
    code=$?
    set -e
    if [[ $code -ne 0 && $code -ne 1 ]]; then
      echo "FAIL: $tree --format $format exited $code"; cat "$work/err"; fail=1; continue
    fi
    if grep -q 's3cr3tPassw0rd' "$out"; then
      echo "FAIL: $tree --format $format shows a password"; fail=1
    fi
    case "$format" in
      json) node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$out" \
              || { echo "FAIL: $tree json does not parse"; fail=1; } ;;
      github)
        if [[ -s "$out" ]] && grep -v -E "$workflow_re" "$out"; then
          echo "FAIL: $tree: lines above are not workflow commands"; fail=1
        fi ;;
      sarif)
        report="$work/validation-$n.sarif"
        (cd tests/sarif && npx --no-install sarif-multitool validate "$out" \
            --output "$report" --log ForceOverwrite) > "$work/validator.log" 2>&1 || true
        if [[ ! -s "$report" ]]; then
          echo "FAIL: $tree: the SARIF validator produced no report"; fail=1; continue
        fi
        errors="$(node -e '
          const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
          const bad = (log.runs[0].results || []).filter(r => r.level === "error");
          for (const r of bad) console.error(`  ${r.ruleId}: ${JSON.stringify(r.message.arguments || r.message.text)}`);
          const notes = (log.runs[0].invocations || []).flatMap(i => i.toolExecutionNotifications || []);
          for (const n of notes) console.error(`  tool: ${n.message.text}`);
          console.log(bad.length + notes.filter(n => n.level === "error").length);
        ' "$report")"
        if [[ "$errors" != "0" ]]; then
          echo "FAIL: $tree: SARIF validation errors: $errors"; cat "$work/validator.log"; fail=1
        else
          echo "   sarif: valid (0 errors)"
        fi ;;
    esac
  done
done

# The validator itself must catch a broken log (guards against a silently passing check).
printf '{"version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[{"level":"error"}]}]}' > "$work/broken.sarif"
(cd tests/sarif && npx --no-install sarif-multitool validate "$work/broken.sarif" \
    --output "$work/broken-report.sarif" --log ForceOverwrite) > /dev/null 2>&1 || true
if ! grep -q '"level": *"error"' "$work/broken-report.sarif" 2>/dev/null; then
  echo "FAIL: the SARIF validator did not flag a broken log"; fail=1
fi

if [[ $fail -ne 0 ]]; then
  echo "test-cli: FAILED"; exit 1
fi
echo "test-cli: all checks passed (${#trees[@]} trees)"
