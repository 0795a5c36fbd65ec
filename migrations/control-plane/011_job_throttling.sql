-- A job whose retries were spent on Stripe's 429s goes back to the queue, not to failed:
-- throttled counts those returns, not_before holds it back until the rate limit has passed.
ALTER TABLE jobs ADD COLUMN throttled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN not_before INTEGER;
