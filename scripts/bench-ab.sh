#!/usr/bin/env bash
# Before and after, side by side (figures only): two built checkouts' release binaries serve one
# catalog of RUNWAY_BENCH_ENTITIES (default 100,000) at once, and alternating rounds measure the
# same requests on each, so both see the same data, caches and machine. The catalog bench's
# figures swing between runs of one binary; this is how to compare two.
#   scripts/bench-ab.sh <before checkout> <after checkout> [sqlite|postgres] [rounds] [requests]
# Each checkout needs `make build` done (target/release/runway, target/site).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
before=$(cd "$1" && pwd) after=$(cd "$2" && pwd) engine=${3:-sqlite} rounds=${4:-3} requests=${5:-1000}
count=${RUNWAY_BENCH_ENTITIES:-100000}
work=$(mktemp -d)
pids=()
cleanup() { [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export RUNWAY_LOG=warn RUNWAY_ADMIN_PASSWORD=bench-password-1
python3 "$here/scripts/gen_catalog.py" "$count" "$work/catalog" >/dev/null
case $engine in
  sqlite)
    url_before="sqlite://$work/before.db" url_after="sqlite://$work/after.db"
    RUNWAY_DATABASE_URL=$url_after "$after/target/release/runway" migrate >/dev/null
    RUNWAY_DATABASE_URL=$url_after "$after/target/release/runway" import "$work/catalog" >/dev/null
    sqlite3 "$work/after.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    cp "$work/after.db" "$work/before.db" ;;
  postgres)
    url_before=$("$here/scripts/ensure-postgres.sh") url_after=$url_before
    psql -q "$url_after" -c "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;" >/dev/null 2>&1
    RUNWAY_DATABASE_URL=$url_after "$after/target/release/runway" migrate >/dev/null
    RUNWAY_DATABASE_URL=$url_after "$after/target/release/runway" import "$work/catalog" >/dev/null ;;
  *) echo "engine: sqlite or postgres" >&2; exit 2 ;;
esac
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start() { # checkout url port: one after the other, so the first bootstraps the admin alone
  (cd "$1" && RUNWAY_DATABASE_URL=$2 RUNWAY_ADDR=127.0.0.1:$3 RUNWAY_SITE_ROOT=target/site exec ./target/release/runway serve 2>"$work/serve-$3.log") &
  pids+=($!)
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$3/readyz" >/dev/null && return; sleep 0.2; done
  echo "the server of $1 did not start" >&2; exit 1
}
cookie() { curl -fs -o /dev/null -D - -H "origin: http://127.0.0.1:$1" --data "login=admin&password=bench-password-1" "http://127.0.0.1:$1/api/auth/sign_in" | awk -F'[ ;]' 'tolower($1) == "set-cookie:" && $2 ~ /^runway_session=/ {print $2}'; }
pb=$(port); start "$before" "$url_before" "$pb"
pa=$(port); start "$after" "$url_after" "$pa"
cb=$(cookie "$pb") ca=$(cookie "$pa")
paths=("/api/catalog/entities/by-query?fullTextFilterTerm=svc-4242&limit=10"
  "/api/catalog/entities/by-name/component/default/svc-4242" "/api/v1/me"
  "/api/catalog/entity-facets?facet=kind&facet=spec.type&facet=spec.lifecycle&facet=spec.owner&facet=metadata.tags&filter=kind=component"
  "/api/catalog/entities/by-query?filter=kind=component,spec.lifecycle=production,spec.type=service&limit=25"
  "/catalog?kind=component&lifecycle=production&tag=rust")
echo "$engine, $count entities: p50 ms of $requests sequential requests per path"
echo "          full-text  by-name  me  facets  by-query  catalog page"
for round in $(seq 1 "$rounds"); do
  for side in "before $pb $cb" "after $pa $ca"; do
    read -r name p c <<< "$side"
    printf "%-7s %s  " "$name" "$round"
    RUNWAY_COOKIE=$c RUNWAY_REQUESTS=$requests python3 "$here/scripts/http_latency.py" "http://127.0.0.1:$p" "${paths[@]}" \
      | awk 'NR > 1 {printf "%s ", $(NF-2)} END {print ""}'
  done
done
