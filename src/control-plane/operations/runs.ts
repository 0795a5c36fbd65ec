import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { DEFAULT_TIMEOUT_S, RunLog, type RecordError } from '../../protocol/operations.js';
import type { Job, JobQueue } from '../queue/jobs.js';
import type { RunStatus, RunView, Trigger } from '../views.js';
import { Refusal } from '../refusal.js';
import type { Operations } from './operations.js';
import { waitingFor, type ConnectedAgent } from './waiting.js';

export const TRIGGERS: readonly Trigger[] = ['manual', 'api', 'schedule', 'action'];

/** What runs need of the agents' side: who can take a run, and telling them. */
export interface RunDispatch {
  /** New work in a group. */
  wake(group: string): void;
  /** Stops a running job at its agent. */
  cancel(job: Job): void;
  /** Each connected agent of a group, as a queued run's wait is explained by. */
  connectedAgents(group: string): ConnectedAgent[];
  agentName(agentId: string): string | undefined;
}

interface RunRow {
  id: string;
  operation_id: string;
  operation_name: string;
  has_target: number;
  run_trigger: Trigger;
  scheduled_for: number | null;
  parent_run_id: string | null;
  skipped: string | null;
}

/** What ties a run to its cause: at most one run per fire time, and one per parent run. */
export interface RunLinks {
  scheduledFor?: number;
  parentRunId?: string;
}

/**
 * Runs of operations. A run is a job of activity `operation` with the run's id, so it has the
 * queue's leases, fencing, re-leasing and the agents' outbox; this adds its operation, trigger
 * and the log's view.
 */
export class Runs {
  constructor(
    private readonly db: Database,
    private readonly queue: JobQueue,
    private readonly operations: Operations,
    private readonly dispatch: RunDispatch,
  ) {}

  start(operationId: string, trigger: Trigger, now = Date.now()): RunView {
    return this.startOnce(operationId, trigger, {}, now)!;
  }

  /**
   * Starts a run tied to a fire time or a parent run; undefined when that fire time or parent
   * already has its run. The store's unique keys decide, so no restart or second control plane
   * sharing the store can make two.
   */
  startOnce(operationId: string, trigger: Trigger, links: RunLinks, now = Date.now()): RunView | undefined {
    const { operation, placement } = this.operations.resolve(operationId);
    const id = `run_${randomUUID().replaceAll('-', '')}`;
    const inserted = this.insert(id, links, () => {
      this.queue.enqueue(
        { id, connectionId: placement.connectionIds[0] ?? '', group: placement.group, activity: 'operation', input: { operation }, needsRoots: placement.roots },
        now,
      );
      this.db
        .prepare('INSERT INTO runs (id, operation_id, operation_name, has_target, run_trigger, scheduled_for, parent_run_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, operation.operationId, operation.name, operation.target ? 1 : 0, trigger, links.scheduledFor ?? null, links.parentRunId ?? null);
    });
    if (!inserted) return undefined;
    this.dispatch.wake(placement.group);
    return this.get(id);
  }

  /**
   * Records a fire time that did not run, with why; undefined when the fire time already has a run.
   * Its job is born cancelled, so it is never leased.
   */
  skip(operationId: string, scheduledFor: number, reason: string, now = Date.now()): RunView | undefined {
    const op = this.operations.get(operationId);
    const id = `run_${randomUUID().replaceAll('-', '')}`;
    const inserted = this.insert(id, { scheduledFor }, () => {
      this.queue.enqueue({ id, connectionId: '', group: op.options.agentGroup ?? 'default', activity: 'operation', input: {} }, now);
      this.queue.cancel(id, now);
      this.db
        .prepare(`INSERT INTO runs (id, operation_id, operation_name, has_target, run_trigger, scheduled_for, skipped) VALUES (?, ?, ?, ?, 'schedule', ?, ?)`)
        .run(id, op.id, op.name, op.target ? 1 : 0, scheduledFor, reason);
    });
    return inserted ? this.get(id) : undefined;
  }

  /** Whether the operation has a run queued or running. */
  busy(operationId: string): boolean {
    return this.db
      .prepare(`SELECT 1 FROM runs r JOIN jobs j ON j.id = r.id WHERE r.operation_id = ? AND j.status IN ('queued', 'running') LIMIT 1`)
      .get(operationId) !== undefined;
  }

  get(id: string): RunView {
    const row = this.row(id);
    return this.view(row, this.queue.get(id)!);
  }

  /** The newest runs first, of one operation or all. */
  list(operationId: string | undefined, limit: number): RunView[] {
    const rows = (operationId === undefined
      ? this.db.prepare('SELECT r.* FROM runs r JOIN jobs j ON j.id = r.id ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?').all(limit)
      : this.db.prepare('SELECT r.* FROM runs r JOIN jobs j ON j.id = r.id WHERE r.operation_id = ? ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?').all(operationId, limit)) as RunRow[];
    return rows.map((r) => this.view(r, this.queue.get(r.id)!));
  }

  /** A page of the run's per-record errors, by position. */
  errors(id: string, after: number, limit: number): { errors: RecordError[]; next: number | null } {
    this.row(id);
    const errors = logOf(this.queue.get(id)!)?.errors ?? [];
    const page = errors.filter((e) => e.index >= after).slice(0, limit);
    const rest = errors.filter((e) => e.index >= after).length > limit;
    return { errors: page, next: rest ? page.at(-1)!.index + 1 : null };
  }

  /** A page of the records of an operation without a target (its output). */
  records(id: string, after: number, limit: number): { records: unknown[]; next: number | null } {
    const row = this.row(id);
    if (row.has_target) throw new Refusal('conflict', 'no_records', `Run ${id} wrote its records to its target; only an operation without a target has records here.`);
    return this.queue.records(id, after, limit);
  }

  cancel(id: string): RunView {
    this.row(id);
    const job = this.queue.get(id)!;
    const { cancelled, wasRunning } = this.queue.cancel(id);
    if (!cancelled) throw new Refusal('conflict', 'not_cancellable', `Run ${id} has already ${job.status === 'cancelled' ? 'been cancelled' : 'ended'}.`);
    if (wasRunning) this.dispatch.cancel(job);
    return this.get(id);
  }

  /** Running runs past their operation's timeoutS, counted from when they first started. */
  overdue(now = Date.now()): string[] {
    return this.db
      .prepare(
        `SELECT r.id FROM runs r JOIN jobs j ON j.id = r.id WHERE j.status = 'running'
           AND j.started_at + COALESCE(json_extract(j.input, '$.operation.options.timeoutS'), ${DEFAULT_TIMEOUT_S}) * 1000 <= ?`,
      )
      .pluck()
      .all(now) as string[];
  }

  /** Ends a run that ran past its timeoutS as failed with code timeout, and stops it on its agent. */
  timeOut(id: string, now = Date.now()): boolean {
    const job = this.queue.get(id);
    const limit = (job?.input.operation as { options?: { timeoutS?: number } } | undefined)?.options?.timeoutS ?? DEFAULT_TIMEOUT_S;
    const message = `The run took longer than its timeoutS of ${limit} s; it was cancelled on its agent.`;
    if (!job || !this.queue.fail(id, { code: 'timeout', message, retryable: false }, now)) return false;
    this.dispatch.cancel(job);
    return true;
  }

  /** Deletes the runs that ended before `before`, with their records and errors; returns how many. */
  prune(before: number): number {
    return this.db
      .prepare(`DELETE FROM jobs WHERE activity = 'operation' AND finished_at < ? AND id IN (SELECT id FROM runs)`)
      .run(before).changes;
  }

  /** Runs `write` in a transaction; false when a unique key says the run already exists. */
  private insert(id: string, links: RunLinks, write: () => void): boolean {
    try {
      this.db.transaction(write)();
      return true;
    } catch (e) {
      const unique = (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
      if (unique && (links.scheduledFor !== undefined || links.parentRunId !== undefined)) return false;
      throw e;
    }
  }

  private row(id: string): RunRow {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw Refusal.notFound('run', id);
    return row;
  }

  private view(row: RunRow, job: Job): RunView {
    const log = logOf(job);
    const counts = log ?? (job.status === 'running' ? job.progress : null) ?? undefined;
    const ended = job.finishedAt !== null;
    return {
      id: row.id,
      operationId: row.operation_id,
      operation: row.operation_name,
      trigger: row.run_trigger,
      scheduledFor: iso(row.scheduled_for),
      parentRunId: row.parent_run_id,
      status: row.skipped !== null ? 'skipped' : job.status === 'succeeded' && log && log.failedRecords > 0 ? 'succeeded_with_errors' : job.status,
      agent: job.agent ? (this.dispatch.agentName(job.agent) ?? job.agent) : null,
      createdAt: iso(job.createdAt)!,
      startedAt: iso(job.startedAt),
      finishedAt: iso(job.finishedAt),
      durationMs: ended && job.startedAt !== null ? job.finishedAt! - job.startedAt : null,
      sourceRecords: counts?.sourceRecords ?? null,
      targetRecords: counts?.targetRecords ?? null,
      failedRecords: counts?.failedRecords ?? null,
      skippedRecords: counts?.skippedRecords ?? null,
      message: row.skipped ?? this.message(job, log),
      code: job.status === 'failed' ? (job.error?.code ?? null) : null,
      ...(log?.file ? { file: log.file } : {}),
    };
  }

  private message(job: Job, log: RunLog | undefined): string {
    switch (job.status) {
      case 'queued':
        return waitingFor(job, (group) => this.dispatch.connectedAgents(group));
      case 'running':
        return `Running on its agent (attempt ${job.attempts}).`;
      case 'cancelled':
        return log ? `Cancelled: ${log.message}` : 'Cancelled before it started.';
      case 'failed':
        return job.error ? `${job.error.message}${log ? ` (${log.message})` : ''}` : (log?.message ?? 'Failed.');
      case 'succeeded':
        return log?.message ?? 'Succeeded.';
    }
  }
}

function logOf(job: Job): RunLog | undefined {
  const parsed = RunLog.safeParse(job.result);
  return parsed.success ? parsed.data : undefined;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
