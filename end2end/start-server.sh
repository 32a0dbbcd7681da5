#!/usr/bin/env bash
# Starts Runway for the browser tests (RUNWAY_BIN, from the repository's root; by default the
# release build, `make test` passes the debug build): a fresh SQLite database seeded with the
# demo organisation, on RUNWAY_E2E_PORT.
set -euo pipefail
cd "$(dirname "$0")"
: "${RUNWAY_E2E_PORT:?set by playwright.config.ts}" "${RUNWAY_E2E_DB:?set by playwright.config.ts}"
mkdir -p "$(dirname "$RUNWAY_E2E_DB")"
rm -rf "$RUNWAY_E2E_DB" "$RUNWAY_E2E_DB-wal" "$RUNWAY_E2E_DB-shm" "$(dirname "$RUNWAY_E2E_DB")/git"
export RUNWAY_DATABASE_URL="sqlite://$RUNWAY_E2E_DB"
export RUNWAY_ADDR="127.0.0.1:$RUNWAY_E2E_PORT"
export RUNWAY_SITE_ROOT=../target/site
export RUNWAY_LOG=warn
export RUNWAY_ADMIN_PASSWORD=admin-password
# Demo mode: the demo templates publish their "GitHub" repositories beside the database.
export RUNWAY_DEMO=true
# Single sign-on through the test identity provider (idp/provider.mjs).
export RUNWAY_OIDC_ISSUER="http://127.0.0.1:${RUNWAY_E2E_IDP_PORT:?set by playwright.config.ts}"
export RUNWAY_OIDC_CLIENT_ID=runway
export RUNWAY_OIDC_CLIENT_SECRET=runway-e2e-secret
export RUNWAY_OIDC_GROUP_ROLES="platform-admins=admin,developers=developer"
bin=../${RUNWAY_BIN:-target/release/runway}
"$bin" seed-demo --seed 42
# A token for the API clients' tests (tests/api), as automation would use one.
"$bin" token create --user admin --name e2e-api-clients > "$RUNWAY_E2E_DB.token" 2>/dev/null
exec "$bin" serve
