-- Where a task's template keeps its own files (the skeletons `fetch:template` reads): decided
-- by the server when the task starts, from what the catalog stored about the template.
ALTER TABLE tasks ADD COLUMN template_base TEXT NOT NULL DEFAULT '{"kind":"none"}';
