-- The agent's outbox. A job's state and result are written here before they are sent, and
-- deleted only once the control plane acknowledged them. Connection secrets are never stored.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE jobs (
  job_id      TEXT PRIMARY KEY,
  lease_id    TEXT NOT NULL,
  activity    TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('running', 'finished')),
  result      TEXT,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER
);

-- Search records, in chunks, until the control plane has each.
CREATE TABLE records (
  job_id  TEXT NOT NULL,
  seq     INTEGER NOT NULL,
  records TEXT NOT NULL,
  PRIMARY KEY (job_id, seq)
);
