-- The agent's lifecycle state as it last reported it (starting, connecting, ready, draining,
-- stopped, failed); null until an agent that reports it connects.
ALTER TABLE agents ADD COLUMN state TEXT;
