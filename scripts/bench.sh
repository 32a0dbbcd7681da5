#!/usr/bin/env bash
# Benchmarks (figures only, no pass/fail): in-process SSR with criterion, HTTP latency of the
# release server under sequential keep-alive requests (p50/p99), idle RSS, each page's first load
# in Chromium and the wasm bundle's weight (scripts/bench-pages.sh), the catalog at scale.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }

say "In-process SSR (criterion, SQLite with demo data)"
cargo bench -p server --features app/testing --bench home -- --noplot 2>&1 | grep -E "^ssr/|time:"

say "Authorization decisions (criterion, 10,000 role bindings)"
cargo bench -p app --bench decision -- --noplot 2>&1 | grep -E "^decision|time:"

say "Release server over HTTP"
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export RUNWAY_DATABASE_URL="sqlite://$dir/runway.db" RUNWAY_ADDR="127.0.0.1:$port" RUNWAY_LOG=warn RUNWAY_ADMIN_PASSWORD=bench-password-1
./target/release/runway seed-demo --seed 42 >/dev/null
./target/release/runway serve &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
sleep 1
idle_rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
cookie=$(curl -fs -o /dev/null -D - -H "origin: http://127.0.0.1:$port" --data "login=admin&password=bench-password-1" "http://127.0.0.1:$port/api/auth/sign_in" | awk -F'[ ;]' 'tolower($1) == "set-cookie:" && $2 ~ /^runway_session=/ {print $2}')
RUNWAY_COOKIE="$cookie" python3 scripts/http_latency.py "http://127.0.0.1:$port" / /deployments /catalog /healthz
loaded_rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

say "Memory (VmRSS)"
printf '  idle after start: %6.1f MiB\n  after the load:   %6.1f MiB\n' "$(echo "$idle_rss/1024" | bc -l)" "$(echo "$loaded_rss/1024" | bc -l)"

scripts/bench-pages.sh

scripts/bench-catalog.sh
