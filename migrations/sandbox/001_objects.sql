-- Every object of every account (an account is the SHA-256 of an API key; keys are never stored).
-- seq orders lists and searches: newest first, as Stripe does.
CREATE TABLE objects (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  account  TEXT NOT NULL,
  resource TEXT NOT NULL,
  id       TEXT NOT NULL,
  body     TEXT NOT NULL,
  UNIQUE (account, id)
);
CREATE INDEX objects_by_resource ON objects (account, resource, seq);

-- The first answer to each Idempotency-Key, replayed for a retry with the same parameters.
CREATE TABLE idempotency_keys (
  account     TEXT NOT NULL,
  key         TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status      INTEGER NOT NULL,
  body        TEXT NOT NULL,
  created     INTEGER NOT NULL,
  PRIMARY KEY (account, key)
);
