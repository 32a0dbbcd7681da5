#!/usr/bin/env bash
# Makes a PostgreSQL server reachable for the tests and prints the URL to use on stdout.
# RUNWAY_TEST_POSTGRES_URL wins when set. Otherwise a local server on 127.0.0.1:5432 is used;
# as root, Debian's PostgreSQL is installed and started when missing, with a `runway` role and
# a `runway_test` database.
set -euo pipefail
if [ -n "${RUNWAY_TEST_POSTGRES_URL:-}" ]; then
  echo "$RUNWAY_TEST_POSTGRES_URL"
  exit 0
fi
say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
url=postgres://runway:runway@127.0.0.1:5432/runway_test

if [ "$(id -u)" != 0 ]; then
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "$url"
    exit 0
  fi
  echo "error: no PostgreSQL on 127.0.0.1:5432; start one or set RUNWAY_TEST_POSTGRES_URL" >&2
  exit 1
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  say "installing PostgreSQL (Debian package, ~1 minute)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$version main"; then
    pg_createcluster "$version" main >&2
  fi
  say "starting PostgreSQL $version"
  pg_ctlcluster "$version" main start >&2 || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "error: PostgreSQL did not start" >&2; exit 1; }
fi
psql_admin() { su postgres -c "psql -qtAX -c \"$1\"" 2>/dev/null; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = 'runway'")" != 1 ]; then
  psql_admin "CREATE ROLE runway LOGIN PASSWORD 'runway'" >&2
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = 'runway_test'")" != 1 ]; then
  psql_admin "CREATE DATABASE runway_test OWNER runway" >&2
fi
echo "$url"
