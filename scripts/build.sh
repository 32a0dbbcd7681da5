#!/usr/bin/env bash
# `make build`: the release site (target/site) and binary (target/release/runway), rebuilt only
# when one of their inputs changed since the last build, so that `make run` after `make run`,
# `make test` after `make run` and the second build inside `make test` start at once (cargo-leptos
# itself re-runs wasm-bindgen and wasm-opt every time).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=target/.release-build
inputs=(app server frontend style public migrations Cargo.toml Cargo.lock package.json package-lock.json .cargo
  scripts/build.sh scripts/wasm-opt.mjs scripts/wasm-opt-later scripts/precompress.mjs)
if [ -f "$stamp" ] && [ -x target/release/runway ] && [ -f target/release/hash.txt ] \
  && [ -z "$(find "${inputs[@]}" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "make build: no input changed since the last release build; nothing to do"
  exit 0
fi
mkdir -p target
# Stamped with the time the build started: a file saved during the build is newer, and counts.
touch "$stamp.started"
# --split: every lazy route's code becomes its own wasm chunk (see app/src/routes.rs).
# wasm-opt runs afterwards, once for all files (scripts/wasm-opt-later says why): their hashed
# names are then those of the files before optimisation, as unique and as stable.
RUNWAY_WASM_OPT_LATER=1 cargo leptos build --release --split
node scripts/wasm-opt.mjs target/site/pkg
node scripts/precompress.mjs target/site
mv "$stamp.started" "$stamp"
