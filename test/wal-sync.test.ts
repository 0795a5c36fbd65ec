import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openPrivateDatabase } from '../src/db/private.js';
import { WalSync } from '../src/db/wal-sync.js';
import { tempDir } from './support/cluster.js';

function store(dir: string) {
  const db = openPrivateDatabase(dir, 'store.db');
  db.exec('CREATE TABLE t (n INTEGER)');
  db.pragma('synchronous = NORMAL');
  return { db, insert: db.prepare('INSERT INTO t (n) VALUES (?)') };
}

describe('WalSync', () => {
  it('releases what waits for a sync only after one, in the order given, and what waits for nothing at once when nothing waits', async () => {
    const { db, insert } = store(tempDir('wal-sync'));
    const sync = new WalSync(db);
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

  it('on close syncs what is committed and releases nothing more', () => {
    const dir = tempDir('wal-sync');
    const { db, insert } = store(dir);
    const sync = new WalSync(db);
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
