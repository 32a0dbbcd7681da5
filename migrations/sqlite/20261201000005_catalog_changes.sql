-- The catalog's change log. Every write to `entities` appends the refs it touched, in the same
-- transaction; each replica's in-memory catalog index reads the log from its last position, so
-- that a write on any replica is seen by the next query on every replica. A row with
-- entity_ref '*' asks for a full rebuild (large imports). Old rows are pruned; a replica that
-- finds its position pruned rebuilds.
CREATE TABLE catalog_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity_ref TEXT NOT NULL,
    changed_at BIGINT NOT NULL
);
CREATE INDEX catalog_changes_at ON catalog_changes (changed_at);
-- Seed the log so that indexes built before the first write have a position to check.
INSERT INTO catalog_changes (entity_ref, changed_at) VALUES ('*', 0);

-- Filters the index does not hold (annotations, labels, relations) are answered by these
-- covering indexes without touching the tables.
DROP INDEX entity_search_key_value;
CREATE INDEX entity_search_key_value ON entity_search (key, value, entity_ref);
CREATE INDEX entity_relations_type_target ON entity_relations (type, target_ref, source_ref);

-- Tags and the free-text column served the SQL list and facets, which the index replaced.
DROP TABLE entity_tags;
ALTER TABLE entities DROP COLUMN search_text;

-- Indexes that served only the SQL list and facets: every write paid for them.
DROP INDEX entities_owner;
DROP INDEX entities_system;
DROP INDEX entities_lifecycle;
DROP INDEX entities_namespace;
DROP INDEX entity_relations_target;

-- The index answers filters, orders and facets on these keys itself (`index::document::Field`),
-- so the search table keeps only the others: about 60% fewer rows to write per entity.
DELETE FROM entity_search WHERE key IN ('kind', 'apiversion', 'metadata.namespace',
    'metadata.name', 'metadata.title', 'metadata.tags', 'spec.type', 'spec.lifecycle',
    'spec.owner', 'spec.system');
