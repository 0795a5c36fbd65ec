import type { Database, Statement } from 'better-sqlite3';
import { MAX_LISTED_ERRORS, type RecordError } from '../../protocol/operations.js';

export interface Counts {
  sourceRecords: number;
  targetRecords: number;
  failedRecords: number;
  skippedRecords: number;
}

export interface Checkpoint {
  /** Every record before it is done. */
  position: number;
  counts: Counts;
  /** Errors listed so far. */
  listed: number;
}

/** Checkpoints older than this are of runs that never came back here. */
const KEEP_MS = 7 * 24 * 3600_000;

/**
 * Runs' progress in the agent's SQLite: where a run that comes back to this agent goes on from,
 * and its record errors, kept as they happen so a long run holds none of them in memory.
 */
export class Checkpoints {
  private readonly select: Statement<[string], { position: number; source_records: number; target_records: number; failed_records: number; skipped_records: number }>;
  private readonly upsert: Statement;
  private readonly insertError: Statement;

  constructor(private readonly db: Database, now = Date.now()) {
    this.select = db.prepare('SELECT * FROM run_checkpoints WHERE job_id = ?');
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO run_checkpoints (job_id, position, source_records, target_records, failed_records, skipped_records, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertError = db.prepare('INSERT OR REPLACE INTO run_errors (job_id, idx, record_id, error) VALUES (?, ?, ?, ?)');
    const stale = db.prepare('SELECT job_id FROM run_checkpoints WHERE updated_at < ?').pluck().all(now - KEEP_MS) as string[];
    for (const jobId of stale) this.clear(jobId);
  }

  /**
   * Where a run starts: from its checkpoint when it has one here (errors past it are dropped:
   * those records run again), else from the start with no errors.
   */
  begin(jobId: string, resumable: boolean): Checkpoint {
    const row = resumable ? this.select.get(jobId) : undefined;
    if (!row) {
      this.clear(jobId);
      return { position: 0, counts: { sourceRecords: 0, targetRecords: 0, failedRecords: 0, skippedRecords: 0 }, listed: 0 };
    }
    this.db.prepare('DELETE FROM run_errors WHERE job_id = ? AND idx >= ?').run(jobId, row.position);
    const listed = this.db.prepare('SELECT COUNT(*) FROM run_errors WHERE job_id = ?').pluck().get(jobId) as number;
    return {
      position: row.position,
      counts: { sourceRecords: row.source_records, targetRecords: row.target_records, failedRecords: row.failed_records, skippedRecords: row.skipped_records },
      listed,
    };
  }

  /**
   * Progress waits for no sync (the outbox's connection commits without one, see WalSync): lost in
   * a power cut, a run goes on from an earlier checkpoint and writes those records again under the
   * same idempotency keys.
   */
  save(jobId: string, position: number, counts: Counts, now = Date.now()): void {
    this.upsert.run(jobId, position, counts.sourceRecords, counts.targetRecords, counts.failedRecords, counts.skippedRecords, now);
  }

  /** Lists an error unless the run already lists the most it may; returns whether it did. */
  addError(jobId: string, error: RecordError, listed: number): boolean {
    if (listed >= MAX_LISTED_ERRORS) return false;
    const { index, recordId, ...rest } = error;
    this.insertError.run(jobId, index, recordId ?? null, JSON.stringify(rest));
    return true;
  }

  errors(jobId: string): RecordError[] {
    const rows = this.db.prepare('SELECT idx, record_id, error FROM run_errors WHERE job_id = ? ORDER BY idx LIMIT ?').all(jobId, MAX_LISTED_ERRORS) as Array<{ idx: number; record_id: string | null; error: string }>;
    return rows.map((r) => ({ index: r.idx, ...(r.record_id === null ? {} : { recordId: r.record_id }), ...(JSON.parse(r.error) as Omit<RecordError, 'index' | 'recordId'>) }));
  }

  clear(jobId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM run_checkpoints WHERE job_id = ?').run(jobId);
      this.db.prepare('DELETE FROM run_errors WHERE job_id = ?').run(jobId);
    })();
  }
}
