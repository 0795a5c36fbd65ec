-- An operator asked this agent to drain (POST /api/v1/agents/{id}/drain): it stays drained across
-- reconnects and control plane restarts until resumed.
ALTER TABLE agents ADD COLUMN drain_requested INTEGER NOT NULL DEFAULT 0;
