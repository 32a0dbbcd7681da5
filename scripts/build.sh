#!/usr/bin/env bash
# `make build`: the release site (target/site) and binary (target/release/runway), installing the
# build tools first where they are missing.
# `scripts/build.sh test` (`make test`): the same site, and the debug binary the Rust tests built
# (target/debug/runway; Cargo.toml's `runway-test` project says why).
# Either is rebuilt only when one of its inputs changed since its last build, so that `make run`
# after `make run`, `make test` after `make test` and `make bench` after `make run` start at once
# (cargo-leptos itself re-runs wasm-bindgen and wasm-opt every time).
set -euo pipefail
cd "$(dirname "$0")/.."
case ${1:-release} in
  release) project=runway bin_dir=target/release ;;
  test) project=runway-test bin_dir=target/debug ;;
  *) echo "usage: scripts/build.sh [release|test]" >&2; exit 2 ;;
esac
stamp=target/.${1:-release}-build
inputs=(app server frontend style public migrations Cargo.toml Cargo.lock package.json package-lock.json .cargo
  scripts/build.sh scripts/wasm-opt.mjs scripts/wasm-opt-later scripts/minify-js.mjs scripts/precompress.mjs)
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

# The compiles start first, beside each other and beside the installation of the build tools:
# on 2 cores, each leaves a core idle for minutes (the wasm's single-unit LTO, the server's last
# crates), which the others fill. They run cargo exactly as cargo-leptos 0.3.11 does for this
# project (its arguments and environment, seen through a `cargo` that logs them first in its PATH),
# so the cargo-leptos runs below find them up to date. Were these to drift from what it runs, it
# would compile again: slower, never wrong.
leptos_env=(LEPTOS_OUTPUT_NAME=runway LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
  LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=frontend LEPTOS_BIN_DIR=server
  LEPTOS_JS_MINIFY=false LEPTOS_HASH_FILES=true LEPTOS_HASH_FILE_NAME=hash.txt)
# .cargo/config.toml's rustflags, and the relocations wasm-split needs (cargo-leptos' --split).
wasm_rustflags="--cfg erase_components -Clink-args=--emit-relocs"

# Background jobs get their own process group (set -m), so that a failure or Ctrl-C stops their
# cargo too.
set -m
jobs_started=()
trap 'for pid in "${jobs_started[@]}"; do kill -- "-$pid" 2>/dev/null || true; done' EXIT
# Runs "$@" in the background with every output line tagged "[tag]".
start() {
  local tag=$1
  shift
  ("$@" 2>&1 | sed -u "s/^/[$tag] /"; exit "${PIPESTATUS[0]}") &
  jobs_started+=($!)
}
finish() {
  local pid=$1 what=$2
  if ! wait "$pid"; then
    echo "error: $what failed (its lines above are tagged)" >&2
    exit 1
  fi
}

if [ "$project" = runway-test ]; then
  # The server the browser tests run: the binary `cargo test` builds for the server's integration
  # tests and leaves at target/debug/runway. After `make test-rust` this compiles nothing; a
  # `cargo build` of it would resolve features without the tests' dev-dependencies and compile
  # Leptos, the app and the server a second time (about 2 minutes on 2 cores).
  start server cargo test -p app -p server --features app/testing --no-run
else
  start server env "${leptos_env[@]}" cargo build --package=server --bin=runway --no-default-features --release
fi
server=$!
# Everything else runs at the lowest priority: the server's compile is the longest (about 11 of
# its 12 minutes keep both cores busy on their own), and whatever it leaves idle, above all while
# its last crates compile, the site's build and the tools' installation fill. Equal shares made
# the first run minutes longer: the server then waited for CPU that the site did not need yet.
renice -n 19 -p $$ >/dev/null
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
start wasm env "${leptos_env[@]}" RUSTFLAGS="$wasm_rustflags" cargo build --package=frontend --lib \
  --target-dir=target/front --target=wasm32-unknown-unknown --no-default-features --profile=wasm-release
wasm=$!
scripts/install-tools.sh
finish "$wasm" "the wasm build"

# --split: every lazy route's code becomes its own wasm chunk (see app/src/routes.rs).
# wasm-opt runs afterwards, once for all files (scripts/wasm-opt-later says why): their hashed
# names are then those of the files before optimisation, as unique and as stable. So is the
# JavaScript's minification (--js-minify false: scripts/minify-js.mjs says why).
RUNWAY_WASM_OPT_LATER=1 cargo leptos build --release --split --js-minify false --project "$project" --frontend-only
node scripts/minify-js.mjs target/site/pkg
node scripts/wasm-opt.mjs target/site/pkg
node scripts/precompress.mjs target/site
finish "$server" "the server build"
if [ "$project" = runway ]; then
  # Finds the server built above (a second's check), or builds it as cargo-leptos would.
  cargo leptos build --release --js-minify false --project runway --server-only
fi
mv "$stamp.started" "$stamp"
touch "$stamp.site"
