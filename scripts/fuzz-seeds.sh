#!/usr/bin/env bash
# Seeds the cargo-fuzz corpora (fuzz/corpus/<target>/) from the test fixtures and examples.
# Idempotent: seeds are named after their source, so re-running only refreshes them.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus
targets=(parse_agent_values parse_env_file parse_etc_hosts parse_flags parse_fstab parse_myid
  parse_properties parse_shell_words parse_unit_file parse_values parse_zk_url parse_zoo_cfg lint_files slow_inputs)
for t in "${targets[@]}"; do mkdir -p "$corpus/$t"; done

seed() { # seed TARGET FILE
  local name
  name=$(printf '%s' "$2" | tr '/ ' '__')
  cp "$2" "$corpus/$1/seed-$name"
}

trees=()
for d in crates/mesoslint-core/tests/fixtures/*/ examples/*/; do
  [ -d "$d" ] && trees+=("$d")
done

for tree in "${trees[@]}"; do
  while IFS= read -r -d '' f; do
    base=$(basename "$f")
    case "$f" in
      */zoo.cfg) seed parse_zoo_cfg "$f"; seed parse_properties "$f" ;;
      */myid) seed parse_myid "$f" ;;
      */fstab) seed parse_fstab "$f" ;;
      */etc/hosts|*/hostname) seed parse_etc_hosts "$f" ;;
      *.service|*.conf|*.override) seed parse_unit_file "$f"; seed parse_shell_words "$f" ;;
      */etc/default/*|*-env.sh|*.env) seed parse_env_file "$f" ;;
      *.sh) seed parse_shell_words "$f" ;;
      */mesos/zk|*/master|*/marathon/conf/zk) seed parse_zk_url "$f"; seed parse_values "$f" ;;
      */mesos-slave/*|*/mesos-agent/*)
        seed parse_agent_values "$f"; seed parse_values "$f"
        printf '%s' "$base" > "$corpus/parse_flags/seed-$(printf '%s' "$f" | tr '/ ' '__')" ;;
      */mesos-master/*|*/marathon/conf/*)
        seed parse_values "$f"
        printf '%s' "$base" > "$corpus/parse_flags/seed-$(printf '%s' "$f" | tr '/ ' '__')" ;;
    esac
  done < <(find "$tree" -type f -size -64k -print0)

  # The whole tree as one lint_files input: `path\ncontents\0` per file (at most 64 files).
  name=$(printf '%s' "$tree" | tr '/ ' '__')
  (
    cd "$tree"
    find . -type f -size -64k | sort | head -n 64 | while IFS= read -r f; do
      printf '%s\n' "${f#./}"
      cat "$f"
      printf '\0'
    done
  ) > "$corpus/lint_files/seed-$name"
done
# slow_inputs reads the same form as lint_files.
cp "$corpus"/lint_files/seed-* "$corpus/slow_inputs/"
for t in "${targets[@]}"; do
  printf '%-20s %4d seeds\n' "$t" "$(find "$corpus/$t" -type f | wc -l)"
done
