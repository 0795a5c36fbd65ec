import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';

/**
 * Durable commits that do not block the event loop. The connection commits at
 * `synchronous = NORMAL`: SQLite appends the transaction to its write-ahead log and returns without
 * an fsync. This syncs the log on libuv's thread pool instead, and a sync covers every commit made
 * before it began: what must not happen before a commit is on disk (sending a result,
 * acknowledging one) waits for the first sync that begins after the commit, and commits made
 * meanwhile share the next one. SQLite's checkpoints still sync the log and the database
 * themselves at NORMAL, so a log they restart holds only later commits, which the next sync covers;
 * SQLite removes the log only when the last connection to the store closes, and this one is open.
 *
 * A failed sync leaves it unknown what reached the disk (the kernel may have dropped the pages it
 * could not write), so nothing waiting is released and the process stops with the error: a
 * restart resumes from what the store holds.
 */
export class WalSync {
  private readonly wal: string;
  private fd: number | undefined;
  private syncing = false;
  private closed = false;
  /** Released when the sync in flight ends. */
  private covered: Array<() => void> = [];
  /** Released by a sync not begun yet. */
  private waiting: Array<() => void> = [];

  constructor(db: Database) {
    this.wal = `${db.name}-wal`;
  }

  /** Runs `then` once every commit made so far is on disk. */
  afterSync(then: () => void): void {
    this.waiting.push(then);
    if (!this.syncing) this.start();
  }

  /** Resolves once every commit made so far is on disk. */
  synced(): Promise<void> {
    return new Promise((resolve) => this.afterSync(resolve));
  }

  /** Runs `then` after everything waiting for a sync, in the order given; at once when nothing waits. */
  inOrder(then: () => void): void {
    if (this.waiting.length > 0) this.waiting.push(then);
    else if (this.syncing) this.covered.push(then);
    else then();
  }

  /** Syncs what is committed, without releasing what waits: it is on disk, and is sent again from there after a restart. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fd === undefined) return;
    fdatasyncSync(this.fd);
    closeSync(this.fd);
  }

  private start(): void {
    if (this.closed) return;
    this.covered = this.waiting;
    this.waiting = [];
    this.syncing = true;
    fdatasync(this.logFd(), (e) => {
      this.syncing = false;
      if (this.closed) return;
      if (e) throw new Error(`syncing ${this.wal} to disk failed (${e.code ?? e.message}); stopping, since what was committed may not be on disk. Check the disk; a restart resumes from what the store holds.`);
      const released = this.covered;
      this.covered = [];
      for (const then of released) then();
      if (this.waiting.length > 0) this.start();
    });
  }

  /** The log, opened at the first sync (a commit has created it by then); its directory entry is synced once, as SQLite does for a new log. */
  private logFd(): number {
    if (this.fd !== undefined) return this.fd;
    this.fd = openSync(this.wal, 'r');
    const dir = openSync(dirname(this.wal), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    return this.fd;
  }
}
