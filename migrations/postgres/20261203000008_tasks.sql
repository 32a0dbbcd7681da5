-- Software template tasks: one row per run of a template, its steps and its event log.
-- A worker claims an open task (PostgreSQL: FOR UPDATE SKIP LOCKED, so replicas share one
-- queue) and beats its heart while it runs; a task whose heart stopped (its server died) is
-- recovered by the next worker. Values are stored without secrets: those are sealed apart in
-- task_secrets, deleted when the task completes, or a day after it failed (kept for a retry).
CREATE TABLE tasks (
    id               TEXT PRIMARY KEY,
    template_ref     TEXT NOT NULL,
    template_title   TEXT NOT NULL,
    template_etag    TEXT NOT NULL,
    spec             TEXT NOT NULL,
    parameters       TEXT NOT NULL,
    status           TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    claimed_by       TEXT,
    heartbeat_at     BIGINT,
    cancel_requested BIGINT NOT NULL DEFAULT 0,
    runs             BIGINT NOT NULL DEFAULT 0,
    output           TEXT
);
CREATE INDEX tasks_status_created ON tasks (status, created_at);
CREATE INDEX tasks_created_by ON tasks (created_by, created_at);

CREATE TABLE task_steps (
    task_id     TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    step_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    action      TEXT NOT NULL,
    status      TEXT NOT NULL,
    started_at  BIGINT,
    finished_at BIGINT,
    output      TEXT,
    PRIMARY KEY (task_id, position)
);

CREATE TABLE task_events (
    seq        BIGSERIAL PRIMARY KEY,
    task_id    TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    step_id    TEXT,
    kind       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX task_events_task ON task_events (task_id, seq);

CREATE TABLE task_secrets (
    task_id TEXT PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
    sealed  TEXT NOT NULL
);
