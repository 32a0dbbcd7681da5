-- The catalog grows up: locations that Runway re-reads, orphans, tags as rows for facets, a
-- search column, and relations that remember which entity declared them, so that updating or
-- deleting an entity removes exactly the relations it caused (both directions).

CREATE TABLE locations (
    id                TEXT PRIMARY KEY,
    type              TEXT NOT NULL,          -- file (a file or a directory) | git (a local repository)
    target            TEXT NOT NULL,          -- absolute path
    created_by        TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    refreshed_at      BIGINT,
    last_error        TEXT,
    UNIQUE (type, target)
);

ALTER TABLE entities ADD COLUMN location_id TEXT;     -- the location that last supplied it
ALTER TABLE entities ADD COLUMN source_file TEXT;     -- the file inside that location
ALTER TABLE entities ADD COLUMN orphan INTEGER NOT NULL DEFAULT 0;
-- Lowercase name, title, description and tags, for the free-text filter.
ALTER TABLE entities ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX entities_location ON entities (location_id);
CREATE INDEX entities_lifecycle ON entities (lifecycle);
CREATE INDEX entities_namespace ON entities (namespace);
UPDATE entities SET search_text = LOWER(name || ' ' || COALESCE(title, '') || ' ' || COALESCE(description, ''));

CREATE TABLE entity_tags (
    entity_ref TEXT NOT NULL,
    tag        TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (entity_ref, tag)
);
CREATE INDEX entity_tags_tag ON entity_tags (tag);

CREATE TABLE entity_stars (
    user_id    TEXT NOT NULL,
    entity_ref TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, entity_ref)
);

-- origin_ref: the entity whose spec declared the relation. Existing rows are attributed to
-- their source, which is exact for forward relations; inverse ones are rewritten the next time
-- either end is saved.
CREATE TABLE entity_relations_v2 (
    origin_ref TEXT NOT NULL DEFAULT '',
    source_ref TEXT NOT NULL,
    type       TEXT NOT NULL,
    target_ref TEXT NOT NULL,
    PRIMARY KEY (source_ref, type, target_ref, origin_ref)
);
INSERT INTO entity_relations_v2 (origin_ref, source_ref, type, target_ref)
    SELECT source_ref, source_ref, type, target_ref FROM entity_relations;
DROP TABLE entity_relations;
ALTER TABLE entity_relations_v2 RENAME TO entity_relations;
CREATE INDEX entity_relations_target ON entity_relations (target_ref, type);
CREATE INDEX entity_relations_origin ON entity_relations (origin_ref);
