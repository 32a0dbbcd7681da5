-- Runway's foundation schema (SQLite). Keep in step with migrations/postgres: same tables,
-- columns and indexes; only types and engine-specific features may differ.
-- Timestamps are Unix epoch milliseconds in UTC; identifiers are text (UUIDs, entity refs).

-- Catalog entities in Backstage's descriptor format. The whole entity is kept as JSON in `body`;
-- the fields that lists filter, sort and join on are copied into columns.
CREATE TABLE entities (
    uid         TEXT PRIMARY KEY,
    entity_ref  TEXT NOT NULL UNIQUE,   -- lowercase kind:namespace/name
    kind        TEXT NOT NULL,          -- lowercase
    namespace   TEXT NOT NULL,
    name        TEXT NOT NULL,
    title       TEXT,
    description TEXT,
    spec_type   TEXT,
    lifecycle   TEXT,
    owner_ref   TEXT,                   -- lowercase entity ref, e.g. group:default/payments
    system_ref  TEXT,
    body        TEXT NOT NULL,
    etag        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX entities_kind_type ON entities (kind, spec_type);
CREATE INDEX entities_owner ON entities (owner_ref);
CREATE INDEX entities_system ON entities (system_ref);

-- Both directions of every relation pair (ownedBy and ownerOf, ...) so either end is one lookup.
CREATE TABLE entity_relations (
    source_ref TEXT NOT NULL,
    type       TEXT NOT NULL,
    target_ref TEXT NOT NULL,
    PRIMARY KEY (source_ref, type, target_ref)
);
CREATE INDEX entity_relations_target ON entity_relations (target_ref, type);

CREATE TABLE environments (
    name         TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    tier         TEXT NOT NULL,         -- development | staging | production | ephemeral
    position     INTEGER NOT NULL,      -- order along the promotion path
    expires_at   BIGINT,                -- ephemeral environments only
    created_at   BIGINT NOT NULL
);

-- One rollout of one version of a catalog entity to one environment.
CREATE TABLE deployments (
    id           TEXT PRIMARY KEY,
    entity_ref   TEXT NOT NULL,
    environment  TEXT NOT NULL REFERENCES environments (name),
    version      TEXT NOT NULL,
    commit_sha   TEXT NOT NULL,
    status       TEXT NOT NULL,         -- running | succeeded | failed | rolled_back
    rollback_of  TEXT REFERENCES deployments (id),
    triggered_by TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX deployments_started ON deployments (started_at);
CREATE INDEX deployments_entity ON deployments (entity_ref, environment, started_at);

CREATE TABLE commits (
    entity_ref  TEXT NOT NULL,
    sha         TEXT NOT NULL,
    message     TEXT NOT NULL,
    author      TEXT NOT NULL,
    authored_at BIGINT NOT NULL,
    PRIMARY KEY (entity_ref, sha)
);

-- The commits a deployment shipped for the first time; lead time for changes is measured from
-- each commit to the deployment that first took it to production.
CREATE TABLE deployment_commits (
    deployment_id TEXT NOT NULL REFERENCES deployments (id),
    entity_ref    TEXT NOT NULL,
    sha           TEXT NOT NULL,
    PRIMARY KEY (deployment_id, sha)
);
CREATE INDEX deployment_commits_commit ON deployment_commits (entity_ref, sha);

CREATE TABLE incidents (
    id          TEXT PRIMARY KEY,
    entity_ref  TEXT NOT NULL,
    environment TEXT NOT NULL REFERENCES environments (name),
    title       TEXT NOT NULL,
    severity    TEXT NOT NULL,          -- sev1 (worst) .. sev4
    caused_by   TEXT REFERENCES deployments (id),
    resolved_by TEXT REFERENCES deployments (id),
    started_at  BIGINT NOT NULL,
    resolved_at BIGINT
);
CREATE INDEX incidents_started ON incidents (started_at);
CREATE INDEX incidents_entity ON incidents (entity_ref, started_at);

-- Append-only record of every mutation, written in the transaction of the change.
CREATE TABLE audit_log (
    id      TEXT PRIMARY KEY,
    at      BIGINT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL,
    address TEXT,
    summary TEXT NOT NULL               -- JSON: {"before": …, "after": …}
);
CREATE INDEX audit_log_at ON audit_log (at);
