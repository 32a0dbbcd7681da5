#!/usr/bin/env bash
# Installs what the tests need beyond the build tools, idempotently: Debian's Chromium (never a
# browser downloaded by Playwright), the sqlite3 shell the browser tests check figures with,
# and the end-to-end test packages.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "error: missing ${missing[*]}; install them (Debian packages) or run as root" >&2
    exit 1
  fi
  say "installing ${missing[*]} from Debian (~1 minute)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing the end-to-end test packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# The Rust tests run under cargo-nextest, for its per-test time limit (.config/nextest.toml): a
# test that hangs fails by name within minutes. The machine image carries it; elsewhere it is
# built once from crates.io (~5 minutes).
if ! cargo nextest --version >/dev/null 2>&1; then
  say "installing cargo-nextest from crates.io (~5 minutes, once)"
  cargo install --locked cargo-nextest
fi
