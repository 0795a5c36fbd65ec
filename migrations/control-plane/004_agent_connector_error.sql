-- Why an agent refused the last connector version it tried (null when it took it).
ALTER TABLE agents ADD COLUMN connector_error TEXT;
