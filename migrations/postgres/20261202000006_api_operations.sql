-- The operations of each OpenAPI definition, read once when the API entity is written: the
-- entity page lists them without parsing the definition on every view.
CREATE TABLE api_operations (
    entity_ref TEXT PRIMARY KEY,
    operations TEXT NOT NULL
);
