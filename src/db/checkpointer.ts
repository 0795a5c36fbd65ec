import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

/** SQLite's own threshold, in log pages, for the checkpoint it runs inside a commit. */
const SQLITE_AUTOCHECKPOINT = 1000;
/**
 * While the thread runs, the commit's own checkpoint runs only past this: it then finds all but
 * the last commits copied already, so it is short, and it restarts the log, which the thread
 * cannot do while the process writes on (below). 4,000 pages of 4 KiB: the log stays about 16 MiB.
 */
export const BACKSTOP_PAGES = 4000;
/** Syncs begun before the thread is worth starting: an idle process, which syncs now and then, never starts it. */
const START_AFTER_SYNCS = 32;
/** How long after the log grows the thread copies it: the commits of that time share one checkpoint. */
const AFTER_MS = 20;
/** A thread with nothing to copy for this long ends and gives back its memory; busy writes start another. */
const IDLE_MS = 30_000;

/**
 * The thread: a connection of its own, and PASSIVE checkpoints, which neither wait for nor block
 * the process's writes. It reports each one, and ends after IDLE_MS without a request.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
// A checkpoint syncs the log before it copies and the database after at NORMAL; at OFF it would not.
db.pragma('synchronous = NORMAL');
let due;
let idle;
const end = () => { clearTimeout(due); clearTimeout(idle); db.close(); parentPort.close(); };
const rest = () => { clearTimeout(idle); idle = setTimeout(end, workerData.idleMs); };
parentPort.on('message', (message) => {
  if (message === 'close') return end();
  due ??= setTimeout(() => {
    due = undefined;
    parentPort.postMessage(db.pragma('wal_checkpoint(PASSIVE)')[0]);
    rest();
  }, workerData.afterMs);
});
rest();
`;

/** One checkpoint, as SQLite reports it. */
export interface CheckpointOutcome {
  /** 1 when it could not run: another checkpoint was running. */
  busy: number;
  /** Pages in the log, and how many of them are in the database now. */
  log: number;
  checkpointed: number;
}

/**
 * Copies a store's write-ahead log into its database on a thread of its own. SQLite checkpoints
 * inside the commit that crosses 1,000 pages of log, on the event loop, syncing the log and the
 * database there: 12–20 ms on a shared disk, which every job waiting on that process waited too.
 *
 * SQLite reuses the log from its start only when a write begins with all of it copied, which a
 * checkpoint running beside a busy writer never sees: the log would grow without end. So while
 * the thread runs, the commit's own checkpoint stays, past BACKSTOP_PAGES instead of 1,000; by
 * then the thread has copied all but the last commits, and the commit's checkpoint copies those,
 * and the log restarts. Correctness is SQLite's either way: a checkpoint, from any connection,
 * syncs the log before it copies and the database after.
 *
 * The thread starts once the process writes steadily and ends when idle, so an idle process
 * carries no second V8 heap; without it, SQLite's own threshold of 1,000 applies. If it fails,
 * that threshold stays, and `onFallback` is told why.
 */
export class Checkpointer {
  private worker: Worker | undefined;
  /** Syncs begun since the last checkpoint the thread reported. */
  private syncs = 0;
  /** A request is with the thread: one at a time is enough. */
  private asked = false;
  private fellBack = false;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly file: string,
    private readonly onFallback: (error: Error) => void,
    /** Told each checkpoint the thread made. */
    private readonly onCheckpoint: (outcome: CheckpointOutcome) => void = () => {},
  ) {}

  /** A sync begins: the log grew. */
  grew(): void {
    if (this.fellBack || this.closed || this.asked) return;
    if (!this.worker && ++this.syncs < START_AFTER_SYNCS) return;
    try {
      this.worker ??= this.start();
      this.worker.postMessage('grew');
      this.asked = true;
    } catch (e) {
      this.fallBack(e as Error);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker?.postMessage('close');
  }

  private start(): Worker {
    const worker = new Worker(THREAD, {
      eval: true,
      workerData: { sqlite: createRequire(import.meta.url).resolve('better-sqlite3'), file: this.file, afterMs: AFTER_MS, idleMs: IDLE_MS },
      // A connection and two timers: the heap V8 would size for a busy thread is wasted here.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
    worker.on('message', (outcome: CheckpointOutcome) => {
      this.asked = false;
      this.syncs = 0;
      this.onCheckpoint(outcome);
    });
    worker.on('error', (error) => this.fallBack(error));
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.asked = false;
      this.threshold(SQLITE_AUTOCHECKPOINT);
    });
    // After the listeners, which would hold a reference again: the thread never keeps the process
    // alive, and what it has not copied stays in the log, where SQLite finds it.
    worker.unref();
    this.threshold(BACKSTOP_PAGES);
    return worker;
  }

  /** The log pages at which a commit checkpoints by itself. */
  private threshold(pages: number): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${pages}`);
  }

  private fallBack(error: Error): void {
    this.worker = undefined;
    if (this.closed || this.fellBack) return;
    this.fellBack = true;
    this.threshold(SQLITE_AUTOCHECKPOINT);
    this.onFallback(new Error(`checkpointing ${this.file} on a thread of its own failed (${error.message}); SQLite checkpoints it inside its commits again`));
  }
}
