-- Backstage's search table: every scalar of an entity's metadata and spec (and its relations) as
-- a lowercase key and value, so that any `filter=key=value` of the catalog API is an index
-- lookup. Rows of entities stored before this table existed are written at the next start.
CREATE TABLE entity_search (
    entity_ref     TEXT NOT NULL,
    key            TEXT NOT NULL,
    value          TEXT NOT NULL,
    original_value TEXT NOT NULL
);
CREATE INDEX entity_search_key_value ON entity_search (key, value);
CREATE INDEX entity_search_entity ON entity_search (entity_ref);
