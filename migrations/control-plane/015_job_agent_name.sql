-- The agent's name as it was when it leased the job: the job history keeps who ran it, whatever
-- the agent calls itself later.
ALTER TABLE jobs ADD COLUMN lease_agent_name TEXT;
