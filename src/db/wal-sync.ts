import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Logger } from '../logging/logger.js';

/**
 * Durable commits that do not block the event loop. The connection commits at
 * `synchronous = NORMAL`: SQLite appends the transaction to its write-ahead log and returns without
 * an fsync. This syncs the log on libuv's thread pool instead (shared with file reads and DNS, so
 * a busy pool delays a sync), and a sync covers every commit made before it began: what must not
 * happen before a commit is on disk (sending a result, acknowledging one) waits for the first sync
 * that begins after the commit, and commits made meanwhile share the next one. SQLite's
 * checkpoints still sync the log and the database themselves at NORMAL, so a log they restart
 * holds only later commits, which the next sync covers; SQLite removes the log only when the last
 * connection to the store closes, and this one is open.
 *
 * A failed sync leaves it unknown what reached the disk (the kernel may have dropped the pages it
 * could not write, and report the next sync as a success), so nothing waiting is ever released
 * and `onFailure` is told: the process should stop, and a restart resume from what the store holds.
 */
export class WalSync {
  private readonly wal: string;
  private readonly fd: number;
  private syncing = false;
  private closed = false;
  private failed = false;
  /** Released when the sync in flight ends. */
  private covered: Array<() => void> = [];
  /** Released by a sync not begun yet. */
  private waiting: Array<() => void> = [];
  /** Being released now: what comes in order meanwhile joins the end. */
  private releasing: Array<() => void> | undefined;

  constructor(db: Database, private readonly onFailure: (error: Error) => void) {
    // The log sits beside the file SQLite opened, which a symbolic link's name may not be.
    const file = (db.pragma('database_list') as Array<{ name: string; file: string }>).find((d) => d.name === 'main')!.file;
    this.wal = `${file}-wal`;
    // A read opens the log (SQLite creates it then), so that a store this cannot sync fails here, at start.
    db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
    this.fd = openSync(this.wal, 'r');
    // A new log's directory entry must reach the disk too, as SQLite syncs it for a log of its own.
    const dir = openSync(dirname(this.wal), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }

  /** Runs `then` once every commit made so far is on disk. */
  afterSync(then: () => void): void {
    if (this.failed) return;
    this.waiting.push(then);
    if (!this.syncing) this.start();
  }

  /** Resolves once every commit made so far is on disk. */
  synced(): Promise<void> {
    return new Promise((resolve) => this.afterSync(resolve));
  }

  /** Runs `then` after everything waiting for a sync, in the order given; at once when nothing waits. */
  inOrder(then: () => void): void {
    if (this.failed) return;
    if (this.waiting.length > 0) this.waiting.push(then);
    else if (this.syncing) this.covered.push(then);
    else if (this.releasing) this.releasing.push(then);
    else then();
  }

  /** Syncs what is committed, without releasing what waits: it is on disk, and is sent again from there after a restart. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.failed) fdatasyncSync(this.fd);
    // A sync in flight still uses the descriptor; its end closes it.
    if (!this.syncing) closeSync(this.fd);
  }

  private start(): void {
    if (this.closed) return;
    this.covered = this.waiting;
    this.waiting = [];
    this.syncing = true;
    fdatasync(this.fd, (e) => {
      this.syncing = false;
      if (this.closed) return closeSync(this.fd);
      if (e) {
        this.failed = true;
        this.covered = [];
        this.waiting = [];
        return this.onFailure(new Error(`syncing ${this.wal} to disk failed (${e.code ?? e.message})`));
      }
      this.release(this.covered);
    });
  }

  private release(list: Array<() => void>): void {
    this.covered = [];
    this.releasing = list;
    try {
      for (let i = 0; i < list.length; i++) list[i]!();
    } finally {
      this.releasing = undefined;
      if (this.waiting.length > 0 && !this.syncing) this.start();
    }
  }
}

/** What a process does when its store cannot be synced: it says so, and stops; its supervisor restarts it. */
export function stopOnSyncFailure(log: Logger): (error: Error) => void {
  return (error) => {
    log.fatal({ err: error.message }, 'the store could not be synced to disk, so what reached it is unknown; stopping. Check the disk; a restart resumes from what the store holds');
    process.exit(1);
  };
}
