#!/usr/bin/env bash
# `make build`: the release site (target/site) and binary (target/release/runway), rebuilt only
# when one of their inputs changed since the last build, so that `make run` after `make run`,
# `make test` after `make run` and the second build inside `make test` start at once (cargo-leptos
# itself re-runs wasm-bindgen and wasm-opt every time, one to two minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=target/.release-build
inputs=(app server frontend style public migrations Cargo.toml Cargo.lock package.json package-lock.json .cargo)
if [ -f "$stamp" ] && [ -x target/release/runway ] && [ -f target/release/hash.txt ] \
  && [ -z "$(find "${inputs[@]}" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "make build: no input changed since the last release build; nothing to do"
  exit 0
fi
mkdir -p target
# Stamped with the time the build started: a file saved during the build is newer, and counts.
touch "$stamp.started"
# --split: every lazy route's code becomes its own wasm chunk (see app/src/routes.rs).
cargo leptos build --release --split
node scripts/precompress.mjs target/site
mv "$stamp.started" "$stamp"
