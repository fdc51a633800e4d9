#!/usr/bin/env bash
# The GitHub Action's first step: fetch the release binary of mesoslint for this runner and
# verify it against the SHA256SUMS published with the same release.
#
# Outputs (to $GITHUB_OUTPUT): found=true and bin=PATH when a verified binary is ready;
# found=false when there is none to use, and the action then builds mesoslint from source.
# A binary whose checksum does not match, or that the release publishes without a checksum,
# is never run: the step fails.
#
# Inputs (environment): INPUT_VERSION (empty: the version of this checkout's Cargo.toml),
# INPUT_RELEASE_URL (TAG/ASSET is appended), RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP,
# GITHUB_ACTION_PATH, GITHUB_OUTPUT.
set -euo pipefail

out() { echo "$1" >> "$GITHUB_OUTPUT"; }
fallback() { echo "$1: building mesoslint from source instead"; out found=false; exit 0; }
refuse() { echo "::error title=mesoslint::$1"; exit 1; }

version="${INPUT_VERSION#v}"
if [[ -z "$version" ]]; then
  # The workspace version, `version = "X.Y.Z"` under [workspace.package].
  version="$(sed -n 's/^version = "\([^"]*\)"$/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml" | head -n 1)"
fi
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || refuse "version '$version' is not a release version such as 0.1.0"
tag="v$version"

exe="" ext="tar.gz"
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc exe=".exe" ext="zip" ;;
  *) fallback "no mesoslint release binary is built for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}" ;;
esac
name="mesoslint-$tag-$target"
asset="$name.$ext"
base="${INPUT_RELEASE_URL%/}/$tag"
dir="$RUNNER_TEMP/mesoslint-release-$tag-$target"
rm -rf "$dir" && mkdir -p "$dir"

# fetch URL FILE: prints the HTTP status (000 when the server could not be reached).
fetch() {
  curl --silent --show-error --location --retry 2 --connect-timeout 15 --max-time 300 \
    --output "$2" --write-out '%{http_code}' "$1" 2> "$dir/curl.err" || true
}

status="$(fetch "$base/$asset" "$dir/$asset")"
case "$status" in
  200) ;;
  404) fallback "release $tag has no $asset" ;;
  *) echo "::warning title=mesoslint::could not download $base/$asset (HTTP $status$( [[ -s "$dir/curl.err" ]] && printf ', %s' "$(head -c 300 "$dir/curl.err")"))"
     fallback "no release binary" ;;
esac

status="$(fetch "$base/SHA256SUMS" "$dir/SHA256SUMS")"
[[ "$status" == 200 ]] || refuse "release $tag has $asset but its SHA256SUMS could not be fetched (HTTP $status): refusing to run an unverified binary"
expected="$(awk -v f="$asset" '$2 == f || $2 == "*" f { print tolower($1); exit }' "$dir/SHA256SUMS")"
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] || refuse "SHA256SUMS of release $tag has no checksum for $asset: refusing to run an unverified binary"
if command -v sha256sum > /dev/null; then
  actual="$(sha256sum "$dir/$asset" | cut -d ' ' -f 1)"
else
  actual="$(shasum -a 256 "$dir/$asset" | cut -d ' ' -f 1)"
fi
[[ "$actual" == "$expected" ]] || refuse "checksum mismatch for $asset of release $tag: SHA256SUMS says $expected, the download is $actual. Refusing to run it (a tampered or corrupted download)"
echo "$asset: SHA-256 $actual verified against SHA256SUMS of $tag"

tar -xf "$dir/$asset" -C "$dir"
bin="$dir/$name/mesoslint$exe"
[[ -f "$bin" ]] || refuse "$asset of release $tag does not hold $name/mesoslint$exe"
chmod +x "$bin"
"$bin" --version
out found=true
out "bin=$bin"
