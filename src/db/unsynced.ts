import type { Database, Statement } from 'better-sqlite3';

const pragmas = new WeakMap<Database, { normal: Statement; full: Statement }>();

/**
 * Runs `write` on a WAL connection that otherwise syncs every commit, without a sync of its own:
 * what it commits reaches the disk with the next synced commit. A killed process loses none of
 * it; a power cut only the latest of such writes.
 */
export function unsynced<T>(db: Database, write: () => T): T {
  let pragma = pragmas.get(db);
  if (!pragma) {
    pragma = { normal: db.prepare('PRAGMA synchronous = NORMAL'), full: db.prepare('PRAGMA synchronous = FULL') };
    pragmas.set(db, pragma);
  }
  pragma.normal.run();
  try {
    return write();
  } finally {
    pragma.full.run();
  }
}
