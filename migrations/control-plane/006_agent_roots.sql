-- The files roots an agent declared in its last hello (a JSON array of names; never paths).
ALTER TABLE agents ADD COLUMN roots TEXT NOT NULL DEFAULT '[]';
