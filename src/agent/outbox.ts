import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { migrate } from '../db/migrate.js';
import { openPrivateDatabase } from '../db/private.js';
import { WalSync } from '../db/wal-sync.js';
import type { ResultMessage } from '../protocol/messages.js';

/** Activities whose records go out, chunk by chunk, before their result. */
const SENDS_RECORDS = new Set(['search', 'operation']);

/** A finished job's result as stored: the result message without its lease (a later lease may carry it). */
export type StoredResult = Omit<ResultMessage, 'type' | 'leaseId'>;

export interface Pending {
  jobId: string;
  leaseId: string;
  records: Array<{ seq: number; records: Record<string, unknown>[] }>;
  result: StoredResult;
}

/**
 * The agent's durable outbox in SQLite (WAL). Writes made in one turn of the event loop share one
 * transaction (group commit), run before any read. Only a finished job's result must reach the
 * disk before it is sent: it goes out once a sync of the log that began after its commit has
 * ended (WalSync, off the event loop, shared by every commit made meanwhile). The rest wait for
 * no sync: a running job's rows and chunks are dropped on restart anyway, and an acknowledgement
 * lost in a crash is asked for and given again.
 */
export class Outbox {
  private readonly db: Database.Database;
  readonly agentId: string;
  private readonly sql;
  private readonly sync: WalSync;
  private queued: Array<() => void> = [];
  private afterCommit: Array<() => void> = [];
  private scheduled = false;

  /** `onSyncFailure`: the outbox can no longer be synced (WalSync); nothing waiting is sent after it. */
  constructor(dataDir: string, onSyncFailure: (error: Error) => void = (error) => { throw error; }) {
    this.db = openPrivateDatabase(dataDir, 'agent.db');
    migrate(this.db, 'agent');
    this.agentId = this.identity();
    // The schema and the identity above were synced as they were written (openPrivateDatabase); from here on WalSync syncs.
    this.db.pragma('synchronous = NORMAL');
    this.sync = new WalSync(this.db, onSyncFailure);
    // Jobs left running by an earlier process are not running now; their leases lapse and the
    // control plane hands them out again. Only finished, unacknowledged work is kept.
    this.db.exec(`DELETE FROM records WHERE job_id IN (SELECT job_id FROM jobs WHERE state = 'running'); DELETE FROM jobs WHERE state = 'running'`);
    const p = (text: string) => this.db.prepare(text);
    this.sql = {
      deleteRecords: p('DELETE FROM records WHERE job_id = ?'),
      start: p(`INSERT OR REPLACE INTO jobs (job_id, lease_id, activity, state, started_at) VALUES (?, ?, ?, 'running', ?)`),
      addRecords: p('INSERT OR REPLACE INTO records (job_id, seq, records) VALUES (?, ?, ?)'),
      // A job that sent no records has no row yet: its result is its first write.
      finish: p(`INSERT INTO jobs (job_id, lease_id, activity, state, result, started_at, finished_at)
                 VALUES (@job, @lease, @activity, 'finished', @result, @started, @now)
                 ON CONFLICT (job_id) DO UPDATE SET lease_id = excluded.lease_id, state = 'finished', result = excluded.result, finished_at = excluded.finished_at`),
      relet: p('UPDATE jobs SET lease_id = ? WHERE job_id = ?'),
      finished: p(`SELECT lease_id, result FROM jobs WHERE job_id = ? AND state = 'finished'`),
      records: p('SELECT seq, records FROM records WHERE job_id = ? ORDER BY seq'),
      allFinished: p(`SELECT job_id FROM jobs WHERE state = 'finished' ORDER BY finished_at`).pluck(),
      recordAcked: p('DELETE FROM records WHERE job_id = ? AND seq = ?'),
      deleteJob: p('DELETE FROM jobs WHERE job_id = ? AND lease_id = ?'),
      oldest: p(`SELECT MIN(finished_at) FROM jobs WHERE state = 'finished'`).pluck(),
      size: p(`SELECT COUNT(*) FROM jobs WHERE state = 'finished'`).pluck(),
    };
  }

  /**
   * A job began here. Only one that sends records before its result (a search, a run) needs a row
   * now, to hold its chunks and to drop them should the process restart; the rest write nothing
   * until their result.
   */
  started(jobId: string, leaseId: string, activity: string, now = Date.now()): void {
    if (!SENDS_RECORDS.has(activity)) return;
    this.write(() => {
      this.sql.deleteRecords.run(jobId);
      this.sql.start.run(jobId, leaseId, activity, now);
    });
  }

  /** A chunk of a running job's records, as JSON text (the caller has it serialized already). */
  addRecords(jobId: string, seq: number, records: string): void {
    this.write(() => this.sql.addRecords.run(jobId, seq, records));
  }

  /**
   * Keeps a job's result, to be sent under `job.leaseId` (its current lease); `then` (its sending)
   * runs once the result, and every chunk before it, is on disk.
   */
  finished(job: { leaseId: string; activity: string; startedAt: number }, result: StoredResult, then: () => void, now = Date.now()): void {
    const row = { job: result.jobId, lease: job.leaseId, activity: job.activity, result: JSON.stringify(result), started: job.startedAt, now };
    this.write(() => this.sql.finish.run(row), then);
  }

  /** A new lease brought the job back: what is sent from now on goes under it. */
  relet(jobId: string, leaseId: string): void {
    this.write(() => this.sql.relet.run(leaseId, jobId));
  }

  /** A finished job's unacknowledged output, moved under `leaseId` when a new lease brings it back. */
  pending(jobId: string, leaseId?: string): Pending | undefined {
    this.commit();
    const row = this.sql.finished.get(jobId) as { lease_id: string; result: string } | undefined;
    if (!row) return undefined;
    if (leaseId && leaseId !== row.lease_id) this.relet(jobId, leaseId);
    const records = (this.sql.records.all(jobId) as Array<{ seq: number; records: string }>).map((r) => ({
      seq: r.seq,
      records: JSON.parse(r.records) as Record<string, unknown>[],
    }));
    return { jobId, leaseId: leaseId ?? row.lease_id, records, result: JSON.parse(row.result) as StoredResult };
  }

  /** Every finished job still waiting for its acknowledgement, oldest first. */
  allPending(): Pending[] {
    this.commit();
    return (this.sql.allFinished.all() as string[]).map((id) => this.pending(id)!);
  }

  recordsAcknowledged(jobId: string, seq: number): void {
    this.write(() => this.sql.recordAcked.run(jobId, seq));
  }

  /**
   * The control plane has the result sent under `leaseId` (or refused it as another lease's):
   * forget the job, unless a newer lease brought it back meanwhile and its result waits to go
   * under that one.
   */
  resultAcknowledged(jobId: string, leaseId: string): void {
    this.write(() => {
      if (this.sql.deleteJob.run(jobId, leaseId).changes > 0) this.sql.deleteRecords.run(jobId);
    });
  }

  /** Commits every write queued so far in one transaction; what waited for it runs once it is on disk. */
  commit(): void {
    if (this.queued.length === 0) return;
    const writes = this.queued;
    const then = this.afterCommit;
    this.queued = [];
    this.afterCommit = [];
    this.db.transaction(() => {
      for (const write of writes) write();
    })();
    if (then.length > 0) this.sync.afterSync(() => then.forEach((callback) => callback()));
  }

  /** Runs `then` once everything written so far is on disk: a result read back is re-sent only then. */
  durable(then: () => void): void {
    this.commit();
    this.sync.afterSync(then);
  }

  /** The same database, for the runs' checkpoints (one connection, one file). */
  get database(): Database.Database {
    return this.db;
  }

  /** When the oldest result still waiting for its acknowledgement was finished (ms), if any. */
  oldestFinishedAt(): number | undefined {
    this.commit();
    return (this.sql.oldest.get() as number | null) ?? undefined;
  }

  /** Results not yet acknowledged. */
  size(): number {
    this.commit();
    return this.sql.size.get() as number;
  }

  close(): void {
    this.commit();
    try {
      this.sync.close();
    } finally {
      this.db.close();
    }
  }

  /** Queues a write for this turn's commit; `then` runs once it is on disk. */
  private write(change: () => void, then?: () => void): void {
    this.queued.push(change);
    if (then) this.afterCommit.push(then);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.db.open) return;
      this.commit();
    });
  }

  private identity(): string {
    const existing = this.db.prepare(`SELECT value FROM meta WHERE key = 'agent_id'`).pluck().get() as string | undefined;
    if (existing) return existing;
    const id = `agent_${randomUUID()}`;
    this.db.prepare(`INSERT INTO meta (key, value) VALUES ('agent_id', ?)`).run(id);
    return id;
  }
}
