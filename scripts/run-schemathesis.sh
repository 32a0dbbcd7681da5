#!/usr/bin/env bash
# Runs schemathesis against /api/v1/openapi.json of a server (RUNWAY_BIN, by default the release
# build; `make test` passes the debug build), on a free port with a
# fresh demo database: as an administrator (an API token) and anonymously. Fails on any 5xx
# answer and on any answer that does not match the schema documented for its status.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
st=target/tools/schemathesis/bin/st
if [ ! -x "$st" ]; then
  say "installing schemathesis (PyPI, into target/tools)"
  python3 -m venv target/tools/schemathesis
  target/tools/schemathesis/bin/pip install --quiet --disable-pip-version-check schemathesis==4.32.5
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d)
export RUNWAY_DATABASE_URL="sqlite://$work/runway.db" RUNWAY_ADDR="127.0.0.1:$port" RUNWAY_LOG=warn
export RUNWAY_ADMIN_PASSWORD=schemathesis-admin RUNWAY_SITE_ROOT=target/site
bin=${RUNWAY_BIN:-target/release/runway}
"$bin" seed-demo >/dev/null
token=$("$bin" token create --user admin --name schemathesis 2>/dev/null)
"$bin" serve 2>"$work/server.log" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
  sleep 0.2
done
run() {
  # Signing out and password changes would end the run's own credentials.
  "$st" run "http://127.0.0.1:$port/api/v1/openapi.json" "$@" \
    --checks not_a_server_error,response_schema_conformance \
    --phases examples,coverage,fuzzing --max-examples "${SCHEMATHESIS_EXAMPLES:-10}" \
    --workers 2 --exclude-path /api/auth/sign_out --exclude-path /api/admin/users/set_active \
    --suppress-health-check all --warnings off --no-color
}
say "schemathesis as an administrator"
run -H "Authorization: Bearer $token"
say "schemathesis anonymously"
run
if grep -q "panicked" "$work/server.log"; then
  echo "the server panicked:"; grep -A3 panicked "$work/server.log"; exit 1
fi
