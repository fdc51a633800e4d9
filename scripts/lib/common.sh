# Shared by the scripts/test-*.sh that install and run what users install (test-dist.sh,
# test-packages.sh); sourced, never run. After sourcing:
#   repo      the checkout (the current directory), CARGO_TARGET_DIR defaulting to its target/
#   tools     tmp/dist-tools: self-installed tools that survive runs (gitignored)
#   work      a temporary directory removed on exit
#   fail MSG  count a failure and go on (so one run shows every broken check)
#   step MSG  a heading in the log
# Commits made in temporary repositories are deterministic, and GITHUB_ACTIONS is unset so the
# CLI prints its local output formats.

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
tools="$repo/tmp/dist-tools"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
step() { printf '\n== %s\n' "$*"; }
export GIT_AUTHOR_NAME=mesoslint-test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=mesoslint-test GIT_COMMITTER_EMAIL=test@example.invalid
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
unset GITHUB_ACTIONS

# The pinned pre-commit (tests/dist/requirements.txt) in $tools/venv, installed once.
install_precommit() {
  local want
  want="$(sed -n 's/^pre-commit==//p' tests/dist/requirements.txt)"
  if [[ ! -x "$tools/venv/bin/pre-commit" ]] || [[ "$("$tools/venv/bin/pre-commit" --version)" != "pre-commit $want" ]]; then
    python3 -m venv "$tools/venv"
    "$tools/venv/bin/pip" install --quiet --disable-pip-version-check -r tests/dist/requirements.txt
  fi
}

# snapshot_checkout DIR: this working tree (tracked and untracked files, not ignored ones) as a
# git repository in DIR, which is what a user's clone of this repository holds. File times are
# kept so cargo can reuse its builds.
snapshot_checkout() {
  rm -rf "$1" && mkdir -p "$1"
  git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    [[ -e "$f" ]] && printf '%s\0' "$f"
  done | xargs -0 cp -p --parents -t "$1"
  git -C "$1" init -q -b main && git -C "$1" add -A && git -C "$1" commit -q -m snapshot
}

# repo_of DIR TREE: a git repository in DIR holding a copy of TREE (a user's config repository).
repo_of() {
  rm -rf "$1" && mkdir -p "$1" && cp -r "$2"/. "$1/"
  git -C "$1" init -q -b main && git -C "$1" add -A && git -C "$1" commit -q -m config
}

# finish NAME: the summary line and the exit status (1 when any check failed).
finish() {
  if [[ $failures -ne 0 ]]; then
    echo; echo "$1: $failures FAILED"; exit 1
  fi
  echo; echo "$1: all checks passed"
}
