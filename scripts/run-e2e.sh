#!/usr/bin/env bash
# Runs the browser tests against a server (RUNWAY_BIN, by default the release build; `make test`
# passes the debug build) on a free port with a fresh database.
set -euo pipefail
cd "$(dirname "$0")/../end2end"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
RUNWAY_E2E_PORT=$(free_port)
RUNWAY_E2E_IDP_PORT=$(free_port)
RUNWAY_E2E_DB=$(mktemp -d)/runway-e2e.db
export RUNWAY_E2E_PORT RUNWAY_E2E_IDP_PORT RUNWAY_E2E_DB
trap 'rm -rf "$(dirname "$RUNWAY_E2E_DB")"' EXIT
npx playwright test "$@"
