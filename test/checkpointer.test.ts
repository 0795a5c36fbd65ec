import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
    // No thread yet: SQLite checkpoints in the commits, as it would by itself.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const before = size('store.db');
    for (let i = 0; i < 64; i++) await commit(i * 8, 8);
    // 512 pages were committed; the database file has them once a checkpoint copied them.
    await waitFor(async () => {
      await commit(0, 1);
      return size('store.db') >= before + 400 * PAGE;
    }, 'the database file to hold the committed pages');
    // The thread runs: the commits' own checkpoint waits for 4,000 pages, far more than written here.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
    expect(fallbacks).toEqual([]);
    sync.close();
    db.close();
  });

  it('keeps the log bounded while the store is written without a pause', async () => {
    const { db, sync, commit, size } = store();
    // One and a half times the backstop, in commits of 20 pages: a log never reused would reach 24 MiB.
    for (let i = 0; i < (BACKSTOP_PAGES * 1.5) / 20; i++) await commit(i * 20, 20);
    // A commit's checkpoint that meets the thread's skips its turn, so the log may pass the
    // threshold by a few commits; SQLite adds a 24-byte header to each page of log.
    expect(size('store.db-wal')).toBeLessThanOrEqual((BACKSTOP_PAGES + 200) * (PAGE + 24) + 32);
    sync.close();
    db.close();
  });

  it('never keeps a process alive: one that leaves its store open exits when its work is done', async () => {
    const dist = fileURLToPath(new URL('../dist/db/', import.meta.url));
    const dir = tempDir('checkpointer');
    // A file: run with `-e`, Node 20 ended the process without waiting for the thread, and the test
    // would pass whatever the thread held.
    const script = join(dir, 'leave-open.mjs');
    writeFileSync(script, `
      const { openPrivateDatabase } = await import(${JSON.stringify(join(dist, 'private.js'))});
      const { WalSync } = await import(${JSON.stringify(join(dist, 'wal-sync.js'))});
      const db = openPrivateDatabase(${JSON.stringify(dir)}, 'store.db');
      db.exec('CREATE TABLE t (n INTEGER)');
      db.pragma('synchronous = NORMAL');
      const sync = new WalSync(db, (e) => { throw e; });
      for (let i = 0; i < 64; i++) {
        db.prepare('INSERT INTO t VALUES (?)').run(i);
        await sync.synced();
      }
      console.log(db.pragma('wal_autocheckpoint', { simple: true }));`);
    const started = Date.now();
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    // The thread was running when the script ended, and it did not hold the process for its idle 30 s.
    expect(out.trim()).toBe(String(BACKSTOP_PAGES));
    expect(Date.now() - started).toBeLessThan(15_000);
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
