-- Identity and access (PostgreSQL). Keep in step with migrations/sqlite.

-- People who can sign in. Teams are the catalog's Group entities; a user is linked to their
-- catalog User entity by `entity_ref` when there is one.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    login         TEXT COLLATE "C" NOT NULL UNIQUE, -- lowercase
    display_name  TEXT NOT NULL,
    email         TEXT,
    avatar_url    TEXT,
    active        INTEGER NOT NULL,          -- 1 or 0
    password_hash TEXT,                      -- argon2id PHC string; NULL for single-sign-on accounts
    oidc_subject  TEXT UNIQUE,               -- "issuer sub" of the linked identity provider account
    entity_ref    TEXT,                      -- user:default/<login> in the catalog
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    last_seen_at  BIGINT
);

-- Team memberships that do not come from the catalog: granted by an admin or by the identity
-- provider's groups. Catalog memberships are the entity_relations rows of type memberOf.
CREATE TABLE team_members (
    team_ref   TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    source     TEXT NOT NULL,                -- admin | oidc
    created_at BIGINT NOT NULL,
    PRIMARY KEY (team_ref, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE roles (
    name        TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    builtin     INTEGER NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE role_grants (
    role       TEXT NOT NULL REFERENCES roles (name),
    permission TEXT NOT NULL,                -- dotted name, e.g. catalog.entity.update
    reach      TEXT NOT NULL,                -- any | own_teams
    PRIMARY KEY (role, permission)
);

CREATE TABLE role_bindings (
    id           TEXT PRIMARY KEY,
    subject_kind TEXT NOT NULL,              -- user | team
    subject      TEXT NOT NULL,              -- user id or team entity ref
    role         TEXT NOT NULL REFERENCES roles (name),
    scope        TEXT,                       -- team entity ref: only the entities it owns
    source       TEXT NOT NULL,              -- admin | oidc (re-synced from groups at each sign-in)
    created_at   BIGINT NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX role_bindings_subject ON role_bindings (subject_kind, subject);

-- Sign-in sessions; the session cookie is a short-lived JWT naming one of these rows, so that
-- sign-out and revocation take effect at once.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    method       TEXT NOT NULL,              -- password | oidc
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    address      TEXT,
    user_agent   TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Tokens for automation; only a hash of each token is kept.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,       -- SHA-256, hex
    prefix       TEXT NOT NULL,              -- the first characters, to recognise a token in lists
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed sign-ins, for rate limiting across replicas.
CREATE TABLE sign_in_failures (
    at      BIGINT NOT NULL,
    login   TEXT NOT NULL,
    address TEXT NOT NULL
);
CREATE INDEX sign_in_failures_login ON sign_in_failures (login, at);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address, at);

-- Installation-wide values the portal generates once, such as the session signing key.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Bumped by every change to users, teams, roles or bindings, so that replicas know when to
-- reload their in-memory access policy.
CREATE TABLE access_version (
    id      INTEGER PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO access_version (id, version) VALUES (1, 1);
