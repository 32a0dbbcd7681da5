#!/usr/bin/env bash
# The catalog at scale (figures only, no pass/fail): imports 10,000 generated entities, then a
# catalog of RUNWAY_BENCH_ENTITIES (default 100,000), and measures over HTTP the filtered list,
# facet counts, an entity by ref, search and the catalog page, and the server's memory. On SQLite,
# then on PostgreSQL (scripts/ensure-postgres.sh finds or starts one); RUNWAY_BENCH_ENGINES="sqlite" or
# "postgres" runs one of them.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
count=${RUNWAY_BENCH_ENTITIES:-100000}
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
python3 scripts/gen_catalog.py 10000 "$work/ten-thousand"
python3 scripts/gen_catalog.py "$count" "$work/catalog"
export RUNWAY_LOG=warn RUNWAY_ADMIN_PASSWORD=bench-password-1 RUNWAY_SITE_ROOT=target/site

seconds() { local start=$1; echo "$(date +%s.%N) - $start" | bc -l; }

bench() {
  local engine=$1 url=$2 fresh=$3
  say "Catalog on $engine"
  export RUNWAY_DATABASE_URL=$url
  $fresh
  ./target/release/runway migrate >/dev/null
  local start; start=$(date +%s.%N)
  ./target/release/runway import "$work/ten-thousand" >/dev/null
  printf '  import of 10,000 entities:   %6.2f s\n' "$(seconds "$start")"
  $fresh
  ./target/release/runway migrate >/dev/null
  start=$(date +%s.%N)
  ./target/release/runway import "$work/catalog" >/dev/null
  printf '  import of %d entities: %6.2f s\n' "$count" "$(seconds "$start")"
  local port; port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  RUNWAY_LOG="warn,app::catalog::index=info" RUNWAY_ADDR="127.0.0.1:$port" ./target/release/runway serve 2>"$work/serve.log" &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  grep -o 'built the catalog index.*' "$work/serve.log" | sed 's/\x1b\[[0-9;]*m//g; s/^/  /' | head -n 1
  local cookie
  cookie=$(curl -fs -o /dev/null -D - -H "origin: http://127.0.0.1:$port" --data "login=admin&password=bench-password-1" "http://127.0.0.1:$port/api/auth/sign_in" | awk -F'[ ;]' 'tolower($1) == "set-cookie:" && $2 ~ /^runway_session=/ {print $2}')
  RUNWAY_COOKIE="$cookie" RUNWAY_REQUESTS=${RUNWAY_BENCH_REQUESTS:-50} python3 scripts/http_latency.py "http://127.0.0.1:$port" \
    "/api/catalog/entities/by-query?filter=kind=component,spec.lifecycle=production,spec.type=service&limit=25" \
    "/api/catalog/entity-facets?facet=kind&facet=spec.type&facet=spec.lifecycle&facet=spec.owner&facet=metadata.tags&filter=kind=component" \
    "/api/catalog/entities/by-name/component/default/svc-4242" \
    "/api/catalog/entities/by-query?fullTextFilterTerm=svc-4242&limit=10" \
    "/api/catalog/entities/by-query?filter=kind=component&orderField=metadata.title,desc&limit=25" \
    "/catalog?kind=component&lifecycle=production&tag=rust" \
    "/catalog?q=service+42" \
    "/catalog"
  RUNWAY_COOKIE="$cookie" python3 scripts/write_then_read.py "http://127.0.0.1:$port"
  printf '  server RSS after the load: %6.1f MiB\n' "$(echo "$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")/1024" | bc -l)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=
}

engines=${RUNWAY_BENCH_ENGINES:-sqlite postgres}
sqlite_fresh() { rm -f "$work"/runway.db*; }
case " $engines " in *" sqlite "*) bench SQLite "sqlite://$work/runway.db" sqlite_fresh ;; esac

pg_fresh() {
  psql -q "$pg" -c "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;" >/dev/null 2>&1
}
case " $engines " in *" postgres "*) pg=$(scripts/ensure-postgres.sh); bench PostgreSQL "$pg" pg_fresh ;; esac
