-- A Stripe read's object id was saved as `id`, the saved activity's own id's name; it is `objectId` now.
UPDATE activities
SET definition = json_remove(json_set(definition, '$.objectId', json_extract(definition, '$.id')), '$.id')
WHERE json_extract(definition, '$.type') = 'stripe' AND json_extract(definition, '$.id') IS NOT NULL;

-- Runs not yet finished carry their source as resolved when they started: give the agent objectId there too.
UPDATE jobs
SET input = json_set(input, '$.operation.source.objectId', json_extract(input, '$.operation.source.id'))
WHERE activity = 'operation' AND status IN ('queued', 'running')
  AND json_extract(input, '$.operation.source.type') = 'stripe'
  AND json_extract(input, '$.operation.source.activity') = 'read'
  AND json_extract(input, '$.operation.source.objectId') IS NULL;
