// Commits of a store under steady writes, as the agent and the control plane make them (WAL,
// committed without a sync, then synced off the event loop), side by side in one run:
// - "in the commit": SQLite checkpoints inside the commit that crosses 1,000 pages of log;
// - "on a thread": WalSync's Checkpointer (src/db/checkpointer.ts).
// What is timed is the commit itself, on the event loop: a stall there stalls every job of the
// process; and the commit with its sync, when what waits for the disk goes on. The store holds 30,000 rows of 1.5 KB (45 MB), and each commit rewrites three at random,
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
const ROUNDS = 3;
/** Between rounds: a thread of the round before may still be copying its log as its store closes. */
const SETTLE_MS = 500;

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
    const durable = [];
    const end = Date.now() + SECONDS * 1000;
    while (Date.now() < end) {
      const t = performance.now();
      commit();
      times.push(performance.now() - t);
      await store.synced();
      durable.push(performance.now() - t);
      if (pauseMs) await sleep(pauseMs);
    }
    const wal = statSync(`${file}-wal`).size;
    store.close();
    db.close();
    return { times, durable, wal };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
console.log(`machine: ${cpus().length} × ${cpus()[0].model}, Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`store of ${ROWS} rows of 1.5 KB, three rewritten at random per commit, each commit synced; ${ROUNDS} rounds of ${SECONDS} s per mode, alternating`);
console.log('pause between commits | checkpoints | commits | commit p50 / p99 / max, ms | commits over 5 ms | ms spent in commits over 2 ms | commit and sync p50 / p99, ms | log at the end, MiB');
for (const pauseMs of [1, 0]) {
  const results = { commit: [], thread: [] };
  for (let r = 0; r < ROUNDS; r++) {
    // Each mode goes first in turn.
    for (const mode of r % 2 === 0 ? ['commit', 'thread'] : ['thread', 'commit']) {
      results[mode].push(await round(mode, pauseMs));
      await sleep(SETTLE_MS);
    }
  }
  for (const mode of ['commit', 'thread']) {
    const times = sorted(results[mode].flatMap((r) => r.times));
    const durable = sorted(results[mode].flatMap((r) => r.durable));
    const slow = times.filter((t) => t > 2);
    console.log([
      pauseMs ? `${pauseMs} ms` : 'none',
      mode === 'commit' ? 'in the commit (SQLite)' : 'on a thread (WalSync)',
      times.length,
      `${times[times.length >> 1].toFixed(2)} / ${times[Math.floor(times.length * 0.99)].toFixed(2)} / ${times.at(-1).toFixed(1)}`,
      times.filter((t) => t > 5).length,
      slow.reduce((a, b) => a + b, 0).toFixed(0),
      `${durable[durable.length >> 1].toFixed(2)} / ${durable[Math.floor(durable.length * 0.99)].toFixed(2)}`,
      results[mode].map((r) => (r.wal / 2 ** 20).toFixed(1)).join(', '),
    ].join(' | '));
  }
}
