-- How far a run of an operation got: every record before `position` was written (or failed, or was
-- skipped), so a run that comes back to this agent after a restart goes on from there. Its record
-- errors so far are kept with it. Deleted when the run ends.
CREATE TABLE run_checkpoints (
  job_id          TEXT PRIMARY KEY,
  position        INTEGER NOT NULL,
  source_records  INTEGER NOT NULL,
  target_records  INTEGER NOT NULL,
  failed_records  INTEGER NOT NULL,
  skipped_records INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);

-- A run's per-record errors, by position; never a record's contents.
CREATE TABLE run_errors (
  job_id    TEXT NOT NULL,
  idx       INTEGER NOT NULL,
  record_id TEXT,
  error     TEXT NOT NULL,
  PRIMARY KEY (job_id, idx)
);
