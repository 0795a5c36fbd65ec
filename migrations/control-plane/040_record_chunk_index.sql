-- Each chunk of a search's records knows how many records it holds and the index of its first
-- record, so a page seeks straight to the chunk holding its cursor instead of re-reading every
-- chunk before it. Chunks stored before this migration are counted here once.
ALTER TABLE job_records ADD COLUMN count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job_records ADD COLUMN first_index INTEGER;
UPDATE job_records SET count = json_array_length(records);
UPDATE job_records AS r SET first_index = w.first
  FROM (SELECT rowid AS id, SUM(count) OVER (PARTITION BY job_id ORDER BY seq) - count AS first FROM job_records) AS w
  WHERE r.rowid = w.id;
CREATE INDEX job_records_first ON job_records (job_id, first_index);
