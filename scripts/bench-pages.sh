#!/usr/bin/env bash
# The first-load budget (ARCHITECTURE.md): what the catalog, home and entity pages download on a
# cold cache in headless Chromium, signed in as a developer over the demo data (medians of
# PAGE_LOADS loads), what a later page adds, and what the browser bundle weighs and why (twiggy).
# Usage: scripts/bench-pages.sh [site root] [binary]   (defaults: the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
site=${1:-target/site}
binary=${2:-target/release/runway}
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }

if ! command -v twiggy >/dev/null; then
  say "installing twiggy (one-time step, ~3 minutes)"
  cargo install twiggy --version 0.8.0 --locked --debug
fi

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export RUNWAY_DATABASE_URL="sqlite://$dir/runway.db" RUNWAY_ADDR="127.0.0.1:$port" RUNWAY_LOG=warn \
  RUNWAY_DEMO=true RUNWAY_SITE_ROOT="$site"
"$binary" serve &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done

say "First load, cold cache (Chromium, signed in as developer)"
(cd end2end && node page-weight.mjs --as developer:demo-password --loads "${PAGE_LOADS:-5}" \
  "http://127.0.0.1:$port" /catalog / /catalog/default/component/ledger-service /deployments /admin/audit \
  /create /create/templates/default/rust-service)

say "Browser bundle (release): each file raw, gzip -9 and brotli 11"
# frontend_split.wasm is the main module after wasm-split took the lazy routes out: the code every
# page downloads, and so the part of the bundle worth trimming first.
wasm_dir=target/front/wasm32-unknown-unknown/wasm-release
named=$wasm_dir/frontend_split.wasm
[ -f "$named" ] || named=$wasm_dir/frontend.wasm
node scripts/wasm-weight.mjs "$site/pkg" "$named"
