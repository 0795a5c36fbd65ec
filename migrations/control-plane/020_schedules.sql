-- An operation's schedule ({cron, timezone, enabled, catchUp} as JSON; NULL for none) and when it
-- was last set: a catch-up never reaches back to a fire time from before it.
ALTER TABLE operations ADD COLUMN schedule TEXT;
ALTER TABLE operations ADD COLUMN schedule_set_at INTEGER;

-- The fire time a scheduled run is for, the run whose end triggered an action's run, and why a
-- run never ran (a fire time that found the previous run still running).
ALTER TABLE runs ADD COLUMN scheduled_for INTEGER;
ALTER TABLE runs ADD COLUMN parent_run_id TEXT;
ALTER TABLE runs ADD COLUMN skipped TEXT;

-- One run per fire time, whatever the restarts and however many control planes share this store;
-- one action per ended run, however often its result is re-sent.
CREATE UNIQUE INDEX runs_one_per_fire_time ON runs (operation_id, scheduled_for) WHERE scheduled_for IS NOT NULL;
CREATE UNIQUE INDEX runs_one_action_per_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
