-- A running operation's counts so far, as its agent last reported them (JSON); replaced by its result.
ALTER TABLE jobs ADD COLUMN progress TEXT;
