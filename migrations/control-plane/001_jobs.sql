-- The job queue. A job is leased to one agent at a time; lease_id fences off results sent under
-- a lease that is no longer current. attempts counts leases.
CREATE TABLE jobs (
  id                TEXT PRIMARY KEY,
  connection_id     TEXT NOT NULL,
  agent_group       TEXT NOT NULL,
  activity          TEXT NOT NULL,
  object            TEXT,
  input             TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  attempts          INTEGER NOT NULL DEFAULT 0,
  lease_id          TEXT,
  lease_agent       TEXT,
  lease_expires_at  INTEGER,
  result            TEXT,
  error             TEXT,
  connector_version TEXT,
  created_at        INTEGER NOT NULL,
  finished_at       INTEGER
);
CREATE INDEX jobs_queued ON jobs (agent_group, status, created_at);
CREATE INDEX jobs_leases ON jobs (status, lease_expires_at);

-- A search's records, stored as the chunks arrive; (job_id, seq) makes a re-sent chunk harmless.
CREATE TABLE job_records (
  job_id  TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  records TEXT NOT NULL,
  PRIMARY KEY (job_id, seq)
);
