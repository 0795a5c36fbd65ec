-- A connection's own Stripe limits, where Stripe raised them for the account (NULL: Stripe's).
ALTER TABLE connections ADD COLUMN rate_limit REAL;
ALTER TABLE connections ADD COLUMN search_rate_limit REAL;
