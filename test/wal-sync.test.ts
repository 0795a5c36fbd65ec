import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openPrivateDatabase } from '../src/db/private.js';
import { WalSync } from '../src/db/wal-sync.js';
import { tempDir } from './support/cluster.js';

const failOnSyncFailure = (e: Error) => expect.fail(e.message);

function store(dir: string) {
  const db = openPrivateDatabase(dir, 'store.db');
  db.exec('CREATE TABLE t (n INTEGER)');
  db.pragma('synchronous = NORMAL');
  return { db, insert: db.prepare('INSERT INTO t (n) VALUES (?)') };
}

describe('WalSync', () => {
  it('releases what waits for a sync only after one, in the order given, and what waits for nothing at once when nothing waits', async () => {
    const { db, insert } = store(tempDir('wal-sync'));
    const sync = new WalSync(db, failOnSyncFailure);
    const order: string[] = [];
    sync.inOrder(() => order.push('idle'));
    expect(order).toEqual(['idle']);

    insert.run(1);
    sync.afterSync(() => order.push('first commit'));
    // Behind the first: it must not overtake a reply that waits for the disk.
    sync.inOrder(() => order.push('in order'));
    insert.run(2);
    // Begun while a sync is in flight, so it needs the next one.
    sync.afterSync(() => order.push('second commit'));
    expect(order).toEqual(['idle']);

    const done = new Promise<void>((resolve) => sync.afterSync(resolve));
    await done;
    expect(order).toEqual(['idle', 'first commit', 'in order', 'second commit']);
    sync.close();
    db.close();
  });

  it('keeps the order of what a released callback adds in order, behind the callbacks released with it', async () => {
    const { db, insert } = store(tempDir('wal-sync'));
    const sync = new WalSync(db, failOnSyncFailure);
    const order: string[] = [];
    insert.run(1);
    sync.afterSync(() => {
      order.push('a');
      sync.inOrder(() => order.push('c'));
    });
    sync.afterSync(() => order.push('b'));
    await sync.synced();
    expect(order).toEqual(['a', 'b', 'c']);
    sync.close();
    db.close();
  });

  it('refuses at once a store whose log it cannot sync', () => {
    const dir = tempDir('wal-sync');
    const db = new Database(join(dir, 'rollback.db'));
    db.exec('CREATE TABLE t (n INTEGER)');
    expect(() => new WalSync(db, failOnSyncFailure)).toThrow(/rollback\.db-wal/);
    db.close();
  });

  it('opens a store in WAL mode that syncs every commit unless told otherwise, also when it was in WAL mode already', () => {
    const dir = tempDir('wal-sync');
    openPrivateDatabase(dir, 'store.db').close();
    const reopened = openPrivateDatabase(dir, 'store.db');
    expect(reopened.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(reopened.pragma('synchronous', { simple: true })).toBe(2);
    reopened.close();
  });

  it('on close syncs what is committed and releases nothing more', () => {
    const dir = tempDir('wal-sync');
    const { db, insert } = store(dir);
    const sync = new WalSync(db, failOnSyncFailure);
    insert.run(1);
    let released = false;
    sync.afterSync(() => (released = true));
    sync.close();
    db.close();
    expect(released).toBe(false);
    const reopened = new Database(join(dir, 'store.db'), { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(1);
    reopened.close();
  });
});
