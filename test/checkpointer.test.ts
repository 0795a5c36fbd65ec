import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKSTOP_PAGES, Checkpointer } from '../src/db/checkpointer.js';
import { openPrivateDatabase } from '../src/db/private.js';
import { WalSync } from '../src/db/wal-sync.js';
import { tempDir, waitFor } from './support/cluster.js';

const failOnSyncFailure = (e: Error) => expect.fail(e.message);
const PAGE = 4096;

/** A store as the agent and the control plane keep theirs: WAL, commits synced by WalSync. */
function store() {
  const dir = tempDir('checkpointer');
  const db = openPrivateDatabase(dir, 'store.db');
  db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY, b BLOB)');
  db.pragma('synchronous = NORMAL');
  const fallbacks: Error[] = [];
  const sync = new WalSync(db, failOnSyncFailure, (e) => fallbacks.push(e));
  const insert = db.prepare('INSERT OR REPLACE INTO t (n, b) VALUES (?, randomblob(?))');
  /** Commits `pages` pages' worth of rows in one transaction, and waits for its sync. */
  const commit = async (first: number, pages: number) => {
    db.transaction(() => {
      for (let i = 0; i < pages; i++) insert.run(first + i, PAGE - 200);
    })();
    await sync.synced();
  };
  const size = (file: string) => statSync(join(dir, file)).size;
  return { db, sync, commit, size, fallbacks, file: join(dir, 'store.db') };
}

describe('Checkpointer', () => {
  it('copies the log into the database on a thread of its own once the store is written steadily', async () => {
    const { db, sync, commit, size, fallbacks } = store();
    // The commits' own checkpoint waits for 4,000 pages of log: far more than written here.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
    const before = size('store.db');
    for (let i = 0; i < 64; i++) await commit(i * 8, 8);
    // 512 pages were committed; the database file has them once a checkpoint copied them.
    await waitFor(async () => {
      await commit(0, 1);
      return size('store.db') >= before + 400 * PAGE;
    }, 'the database file to hold the committed pages');
    expect(fallbacks).toEqual([]);
    sync.close();
    db.close();
  });

  it('keeps the log bounded while the store is written without a pause', async () => {
    const { db, sync, commit, size } = store();
    // One and a half times the backstop, in commits of 20 pages: a log never reused would reach 24 MiB.
    for (let i = 0; i < (BACKSTOP_PAGES * 1.5) / 20; i++) await commit(i * 20, 20);
    // SQLite adds a 24-byte header to each page of log.
    expect(size('store.db-wal')).toBeLessThanOrEqual((BACKSTOP_PAGES + 20) * (PAGE + 24) + 32);
    sync.close();
    db.close();
  });

  it('hands checkpoints back to SQLite, and says why, when its thread fails', async () => {
    const { db, sync, file } = store();
    sync.close();
    const told = new Promise<Error>((resolve) => {
      const broken = new Checkpointer(db, `${file}.missing`, resolve);
      for (let i = 0; i < 64; i++) broken.grew();
    });
    const error = await told;
    expect(error.message).toMatch(/store\.db\.missing.*SQLite checkpoints it inside its commits again/);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});
