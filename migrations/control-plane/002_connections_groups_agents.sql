-- Stripe connections. The API key is stored only encrypted (AES-256-GCM under a master key kept
-- outside this database), with its last four characters for display.
CREATE TABLE connections (
  id                 TEXT PRIMARY KEY,
  name               TEXT NOT NULL UNIQUE,
  api_key_sealed     TEXT NOT NULL,
  api_key_hint       TEXT NOT NULL,
  use_proxy_settings INTEGER NOT NULL DEFAULT 0,
  api_base           TEXT NOT NULL,
  agent_group        TEXT NOT NULL,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL
);

-- Agent groups; each has its own agent token, kept as a SHA-256 hash.
CREATE TABLE agent_groups (
  name       TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

-- Agents that have connected, as they last introduced themselves.
CREATE TABLE agents (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  agent_group TEXT NOT NULL,
  version     TEXT NOT NULL,
  connectors  TEXT NOT NULL,
  last_seen   INTEGER NOT NULL
);

-- Settings of the organization and of this control plane (the admin token's hash, the policy).
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
