-- Saved activities: a named configuration of one activity of one endpoint (its JSON definition).
CREATE TABLE activities (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  definition TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Operations: a source activity, a JSONata mapping, a target activity (or none: the records are the output).
CREATE TABLE operations (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  source_id  TEXT NOT NULL REFERENCES activities (id),
  mapping    TEXT,
  target_id  TEXT REFERENCES activities (id),
  options    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- A run is a job of activity 'operation' with the same id; this row adds what the job does not
-- know. No foreign key to operations: a run's log outlives its operation.
CREATE TABLE runs (
  id             TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
  operation_id   TEXT NOT NULL,
  operation_name TEXT NOT NULL,
  has_target     INTEGER NOT NULL,
  run_trigger    TEXT NOT NULL CHECK (run_trigger IN ('manual', 'api', 'schedule', 'action'))
);
CREATE INDEX runs_by_operation ON runs (operation_id);

-- The files roots a job needs (a JSON array of names): it is leased only to an agent that declares them all.
ALTER TABLE jobs ADD COLUMN needs_roots TEXT;
-- When the job was first leased.
ALTER TABLE jobs ADD COLUMN started_at INTEGER;
