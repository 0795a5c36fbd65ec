import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens `file` in `dataDir` as a database only its owner can read: job results hold customer
 * data. The directory is made 0700 when this creates it; the database file is made 0600 (and
 * an older one tightened) before SQLite opens it, and SQLite gives its -wal and -shm files the
 * database file's mode, whatever the umask or the mode of a directory that already existed.
 * It commits at `synchronous = FULL`.
 */
export function openPrivateDatabase(dataDir: string, file: string): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, file);
  closeSync(openSync(path, 'a', 0o600));
  for (const part of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(part)) chmodSync(part, 0o600);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // Every commit synced unless the caller says otherwise: SQLite's own default for a store that is
  // already in WAL mode when it is opened is NORMAL.
  db.pragma('synchronous = FULL');
  return db;
}
