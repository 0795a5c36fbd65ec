-- Signed connector versions, as uploaded (verified against the trusted publisher keys first).
CREATE TABLE connector_versions (
  name        TEXT NOT NULL,
  version     TEXT NOT NULL,
  manifest    TEXT NOT NULL,
  bundle      TEXT NOT NULL,
  uploaded_at INTEGER NOT NULL,
  PRIMARY KEY (name, version)
);
