-- The agent's Stripe answers by HTTP status since it started, as it last reported them (JSON).
ALTER TABLE agents ADD COLUMN stripe_requests TEXT;
