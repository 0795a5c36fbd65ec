// Commits of a store under steady writes, as the agent and the control plane make them (WAL,
// committed without a sync, then synced off the event loop), side by side in one run:
// - "in the commit": SQLite checkpoints inside the commit that crosses 1,000 pages of log;
// - "on a thread": WalSync's Checkpointer (src/db/checkpointer.ts).
// What is timed is the commit itself, on the event loop: a stall there stalls every job of the
// process. The store holds 30,000 rows of 1.5 KB (45 MB), and each commit rewrites three at random,
// as a control plane's store of job rows and records is rewritten.
// Run with `npm run bench` (it builds first), or `node bench/store.mjs` after a build.
import { closeSync, fdatasync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { openPrivateDatabase } from '../dist/db/private.js';
import { WalSync } from '../dist/db/wal-sync.js';

const ROWS = 30_000;
const SECONDS = Number(process.env.BENCH_STORE_SECONDS ?? 3);
const ROUNDS = 2;

/** Syncs the log after each commit, as WalSync does, but leaves checkpoints to SQLite. */
function sqliteCheckpoints(db, file) {
  const fd = openSync(`${file}-wal`, 'r');
  return { synced: () => new Promise((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve()))), close: () => closeSync(fd) };
}

function withThread(db) {
  const sync = new WalSync(db, (e) => { throw e; }, (e) => { throw e; });
  return { synced: () => sync.synced(), close: () => sync.close() };
}

async function round(mode, pauseMs) {
  const dir = mkdtempSync(join(tmpdir(), 'stripe-agent-bench-store-'));
  try {
    const db = openPrivateDatabase(dir, 'store.db');
    db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY, b BLOB)');
    db.transaction(() => {
      const insert = db.prepare('INSERT INTO t VALUES (?, randomblob(1500))');
      for (let n = 0; n < ROWS; n++) insert.run(n);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('synchronous = NORMAL');
    const file = join(dir, 'store.db');
    const store = mode === 'thread' ? withThread(db) : sqliteCheckpoints(db, file);
    const update = db.prepare('UPDATE t SET b = randomblob(1500) WHERE n = ?');
    const commit = db.transaction(() => {
      for (let i = 0; i < 3; i++) update.run(Math.floor(Math.random() * ROWS));
    });
    const times = [];
    const end = Date.now() + SECONDS * 1000;
    while (Date.now() < end) {
      const t = performance.now();
      commit();
      times.push(performance.now() - t);
      await store.synced();
      if (pauseMs) await sleep(pauseMs);
    }
    const wal = statSync(`${file}-wal`).size;
    store.close();
    db.close();
    return { times, wal };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
console.log(`machine: ${cpus().length} × ${cpus()[0].model}, Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`store of ${ROWS} rows of 1.5 KB, three rewritten at random per commit, each commit synced; ${ROUNDS} rounds of ${SECONDS} s per mode, alternating`);
console.log('pause between commits | checkpoints | commits | commit p50 / p99 / max, ms | commits over 5 ms | ms spent in commits over 2 ms | log at the end, MiB');
for (const pauseMs of [1, 0]) {
  const results = { commit: [], thread: [] };
  for (let r = 0; r < ROUNDS; r++) for (const mode of ['commit', 'thread']) results[mode].push(await round(mode, pauseMs));
  for (const mode of ['commit', 'thread']) {
    const times = sorted(results[mode].flatMap((r) => r.times));
    const slow = times.filter((t) => t > 2);
    console.log([
      pauseMs ? `${pauseMs} ms` : 'none',
      mode === 'commit' ? 'in the commit (SQLite)' : 'on a thread (WalSync)',
      times.length,
      `${times[times.length >> 1].toFixed(2)} / ${times[Math.floor(times.length * 0.99)].toFixed(2)} / ${times.at(-1).toFixed(1)}`,
      times.filter((t) => t > 5).length,
      slow.reduce((a, b) => a + b, 0).toFixed(0),
      results[mode].map((r) => (r.wal / 2 ** 20).toFixed(1)).join(', '),
    ].join(' | '));
  }
}
