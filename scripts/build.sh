#!/usr/bin/env bash
# `make build`: the release site (target/site) and binary (target/release/runway).
# `scripts/build.sh test` (`make test`): the same site, and the debug binary the Rust tests built
# (target/debug/runway; Cargo.toml's `runway-test` project says why).
# Either is rebuilt only when one of its inputs changed since its last build, so that `make run`
# after `make run`, `make test` after `make test` and `make bench` after `make run` start at once
# (cargo-leptos itself re-runs wasm-bindgen and wasm-opt every time).
set -euo pipefail
cd "$(dirname "$0")/.."
case ${1:-release} in
  release) project=runway bin_dir=target/release only=() ;;
  test) project=runway-test bin_dir=target/debug only=(--frontend-only) ;;
  *) echo "usage: scripts/build.sh [release|test]" >&2; exit 2 ;;
esac
stamp=target/.${1:-release}-build
inputs=(app server frontend style public migrations Cargo.toml Cargo.lock package.json package-lock.json .cargo
  scripts/build.sh scripts/wasm-opt.mjs scripts/wasm-opt-later scripts/precompress.mjs)
# target/site is also written by the other build and by `make dev`: a site written since this
# build finished (`$stamp.site`) is rebuilt too.
if [ -f "$stamp" ] && [ -f "$stamp.site" ] && [ -x "$bin_dir/runway" ] && [ -f "$bin_dir/hash.txt" ] \
  && [ -z "$(find "${inputs[@]}" -newer "$stamp" -print -quit 2>/dev/null)" ] \
  && [ -z "$(find target/site -newer "$stamp.site" -print -quit 2>/dev/null)" ]; then
  echo "scripts/build.sh $project: no input changed since its last build; nothing to do"
  exit 0
fi
mkdir -p target
# Stamped with the time the build started: a file saved during the build is newer, and counts.
touch "$stamp.started"
# --split: every lazy route's code becomes its own wasm chunk (see app/src/routes.rs).
# wasm-opt runs afterwards, once for all files (scripts/wasm-opt-later says why): their hashed
# names are then those of the files before optimisation, as unique and as stable.
if [ "$project" = runway-test ]; then
  # The server the browser tests run: the binary `cargo test` builds for the server's integration
  # tests and leaves at target/debug/runway. After `make test-rust` this compiles nothing; a
  # `cargo build` of it would resolve features without the tests' dev-dependencies and compile
  # Leptos, the app and the server a second time (about 2 minutes on 2 cores).
  cargo test -p app -p server --features app/testing --no-run
fi
RUNWAY_WASM_OPT_LATER=1 cargo leptos build --release --split --project "$project" "${only[@]}"
node scripts/wasm-opt.mjs target/site/pkg
node scripts/precompress.mjs target/site
mv "$stamp.started" "$stamp"
touch "$stamp.site"
