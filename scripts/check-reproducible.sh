#!/usr/bin/env bash
# `make test`: two builds of the same code give the same site, byte for byte. Files under pkg/
# are served as immutable for a year under names cargo-leptos derives from their content before
# it writes the split loader's name into them; if that name changed between builds of the same
# code, the same URL would serve different bytes and a browser holding some of the old files
# would load a mix (scripts/install-tools.sh patches the cause).
# Leaves target/site without wasm-opt's pass; the next build notices (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in 1 2; do
  if ! RUNWAY_WASM_OPT_LATER=1 cargo leptos build --release --split --js-minify false --project runway-test --frontend-only \
    >"$out/build$i.log" 2>&1; then
    cat "$out/build$i.log" >&2
    exit 1
  fi
  cp -r target/site "$out/site$i"
done
if ! diff -r "$out/site1" "$out/site2" >"$out/diff"; then
  echo "error: two builds of the same code wrote different sites:" >&2
  head -c 2000 "$out/diff" >&2
  exit 1
fi
echo "reproducible: two builds wrote the same $(find "$out/site1" -type f | wc -l) files"
