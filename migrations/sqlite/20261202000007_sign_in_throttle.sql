-- Sign-in throttling: one row per key (a login from one address, or an address), counting the
-- tries of the current window, each reserved before its password is checked, and the earliest
-- time the next try may start. Replaces the failure log, whose count-then-check let parallel
-- tries through.
DROP TABLE sign_in_failures;
CREATE TABLE sign_in_throttle (
    key      TEXT PRIMARY KEY,
    tries    BIGINT NOT NULL,
    first_at BIGINT NOT NULL,
    next_at  BIGINT NOT NULL
);
CREATE INDEX sign_in_throttle_first_at ON sign_in_throttle (first_at);
