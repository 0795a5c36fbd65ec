import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { migrate } from '../db/migrate.js';
import { openPrivateDatabase } from '../db/private.js';
import type { ResultMessage } from '../protocol/messages.js';

/** A finished job's result as stored: the result message without its lease (a later lease may carry it). */
export type StoredResult = Omit<ResultMessage, 'type' | 'leaseId'>;

export interface Pending {
  jobId: string;
  leaseId: string;
  records: Array<{ seq: number; records: Record<string, unknown>[] }>;
  result: StoredResult;
}

/**
 * The agent's durable outbox in SQLite (WAL). Every state change is committed before it is sent,
 * so a kill at any moment loses nothing the control plane has not acknowledged.
 */
export class Outbox {
  private readonly db: Database.Database;
  readonly agentId: string;

  constructor(dataDir: string) {
    this.db = openPrivateDatabase(dataDir, 'agent.db');
    migrate(this.db, 'agent');
    this.agentId = this.identity();
    // Jobs left running by an earlier process are not running now; their leases lapse and the
    // control plane hands them out again. Only finished, unacknowledged work is kept.
    this.db.exec(`DELETE FROM records WHERE job_id IN (SELECT job_id FROM jobs WHERE state = 'running'); DELETE FROM jobs WHERE state = 'running'`);
  }

  started(jobId: string, leaseId: string, activity: string, now = Date.now()): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM records WHERE job_id = ?').run(jobId);
      this.db
        .prepare(`INSERT OR REPLACE INTO jobs (job_id, lease_id, activity, state, started_at) VALUES (?, ?, ?, 'running', ?)`)
        .run(jobId, leaseId, activity, now);
    })();
  }

  addRecords(jobId: string, seq: number, records: Record<string, unknown>[]): void {
    this.db.prepare('INSERT OR REPLACE INTO records (job_id, seq, records) VALUES (?, ?, ?)').run(jobId, seq, JSON.stringify(records));
  }

  finished(result: StoredResult, now = Date.now()): void {
    this.db.prepare(`UPDATE jobs SET state = 'finished', result = ?, finished_at = ? WHERE job_id = ?`).run(JSON.stringify(result), now, result.jobId);
  }

  /** A new lease brought the job back: what is sent from now on goes under it. */
  relet(jobId: string, leaseId: string): void {
    this.db.prepare('UPDATE jobs SET lease_id = ? WHERE job_id = ?').run(leaseId, jobId);
  }

  /** A finished job's unacknowledged output, moved under `leaseId` when a new lease brings it back. */
  pending(jobId: string, leaseId?: string): Pending | undefined {
    const row = this.db.prepare(`SELECT lease_id, result FROM jobs WHERE job_id = ? AND state = 'finished'`).get(jobId) as
      | { lease_id: string; result: string }
      | undefined;
    if (!row) return undefined;
    if (leaseId && leaseId !== row.lease_id) this.relet(jobId, leaseId);
    const records = (this.db.prepare('SELECT seq, records FROM records WHERE job_id = ? ORDER BY seq').all(jobId) as Array<{ seq: number; records: string }>).map((r) => ({
      seq: r.seq,
      records: JSON.parse(r.records) as Record<string, unknown>[],
    }));
    return { jobId, leaseId: leaseId ?? row.lease_id, records, result: JSON.parse(row.result) as StoredResult };
  }

  /** Every finished job still waiting for its acknowledgement, oldest first. */
  allPending(): Pending[] {
    const ids = this.db.prepare(`SELECT job_id FROM jobs WHERE state = 'finished' ORDER BY finished_at`).pluck().all() as string[];
    return ids.map((id) => this.pending(id)!);
  }

  recordsAcknowledged(jobId: string, seq: number): void {
    this.db.prepare('DELETE FROM records WHERE job_id = ? AND seq = ?').run(jobId, seq);
  }

  /** The control plane has the result (or refused it as another lease's): forget the job. */
  resultAcknowledged(jobId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM records WHERE job_id = ?').run(jobId);
      this.db.prepare('DELETE FROM jobs WHERE job_id = ?').run(jobId);
    })();
  }

  /** The same database, for the runs' checkpoints (one connection, one file). */
  get database(): Database.Database {
    return this.db;
  }

  /** When the oldest result still waiting for its acknowledgement was finished (ms), if any. */
  oldestFinishedAt(): number | undefined {
    return (this.db.prepare(`SELECT MIN(finished_at) FROM jobs WHERE state = 'finished'`).pluck().get() as number | null) ?? undefined;
  }

  size(): number {
    return this.db.prepare('SELECT COUNT(*) FROM jobs').pluck().get() as number;
  }

  close(): void {
    this.db.close();
  }

  private identity(): string {
    const existing = this.db.prepare(`SELECT value FROM meta WHERE key = 'agent_id'`).pluck().get() as string | undefined;
    if (existing) return existing;
    const id = `agent_${randomUUID()}`;
    this.db.prepare(`INSERT INTO meta (key, value) VALUES ('agent_id', ?)`).run(id);
    return id;
  }
}
