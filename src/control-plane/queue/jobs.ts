import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { throttleDelay } from '../../connectors/stripe/index.js';
import type { Activity, JobErrorJson } from '../../protocol/messages.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface NewJob {
  connectionId: string;
  group: string;
  activity: Activity;
  object?: string;
  input: Record<string, unknown>;
  /** A fixed id (a run's), instead of a fresh `job_…`. */
  id?: string;
  /** Files roots an agent must declare to be leased this job. */
  needsRoots?: string[];
}

export interface Job {
  id: string;
  connectionId: string;
  group: string;
  activity: Activity;
  object: string | null;
  input: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  agent: string | null;
  /** The agent's name when it leased the job. */
  agentName: string | null;
  leaseId: string | null;
  leaseExpiresAt: number | null;
  result: unknown;
  error: JobErrorJson | null;
  connectorVersion: string | null;
  createdAt: number;
  /** A running operation's counts so far, as its agent last reported them. */
  progress: Record<string, number> | null;
  startedAt: number | null;
  finishedAt: number | null;
  /** Times the job came back to the queue because Stripe rate-limited it: never a failure. */
  throttled: number;
  /** A throttled job is not leased before this time. */
  notBefore: number | null;
}

export interface Outcome {
  status: 'succeeded' | 'failed';
  /** For a search: how many record chunks make up the result. */
  chunks?: number;
  result?: unknown;
  error?: JobErrorJson;
  connectorVersion: string;
}

/** Whether a message sent under a lease was taken; `false` when the lease is no longer current. */
export type Fenced = { accepted: true } | { accepted: false; reason: string };

/**
 * The control plane's job queue in SQLite: jobs are leased to agents of their group, oldest
 * first, never more than asked for; leases expire back to the queue; results are fenced by lease.
 */
export class JobQueue {
  constructor(private readonly db: Database) {}

  enqueue(job: NewJob, now = Date.now()): Job {
    const id = job.id ?? `job_${randomUUID().replaceAll('-', '')}`;
    const roots = job.needsRoots && job.needsRoots.length > 0 ? JSON.stringify(job.needsRoots) : null;
    this.db
      .prepare(
        `INSERT INTO jobs (id, connection_id, agent_group, activity, object, input, status, created_at, needs_roots)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
      )
      .run(id, job.connectionId, job.group, job.activity, job.object ?? null, JSON.stringify(job.input), now, roots);
    return this.get(id)!;
  }

  get(id: string): Job | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  /** The newest jobs first. */
  recent(limit: number): Job[] {
    return (this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as Row[]).map(fromRow);
  }

  /** Ids of a connection's jobs that are queued or running. */
  unfinishedOf(connectionId: string): string[] {
    return this.db
      .prepare(`SELECT id FROM jobs WHERE connection_id = ? AND status IN ('queued', 'running') ORDER BY created_at`)
      .pluck()
      .all(connectionId) as string[];
  }

  /**
   * Leases up to `max` queued jobs of `group` to `agent` (named `agentName` now), oldest first,
   * among those whose files roots it declares.
   */
  lease(group: string, agent: string, max: number, leaseMs: number, now = Date.now(), agentName: string | null = null, roots: string[] = []): Job[] {
    return this.db.transaction(() => {
      const ids = this.db
        .prepare(
          `SELECT id FROM jobs WHERE agent_group = ? AND status = 'queued' AND (not_before IS NULL OR not_before <= ?)
             AND (needs_roots IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(needs_roots) n WHERE n.value NOT IN (SELECT value FROM json_each(?))))
           ORDER BY created_at, rowid LIMIT ?`,
        )
        .pluck()
        .all(group, now, JSON.stringify(roots), max) as string[];
      const take = this.db.prepare(
        `UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_id = ?, lease_agent = ?, lease_agent_name = ?, lease_expires_at = ?,
           started_at = COALESCE(started_at, ?) WHERE id = ?`,
      );
      for (const id of ids) take.run(randomUUID(), agent, agentName, now + leaseMs, now, id);
      return ids.map((id) => this.get(id)!);
    })();
  }

  /**
   * Extends the leases an agent of `group` holds, in one statement whatever their number. Returns
   * the jobs of the group among them whose lease is no longer current, for the agent to stop;
   * ids of other groups' jobs or of no job get no answer at all.
   */
  renewAll(group: string, leases: ReadonlyArray<{ jobId: string; leaseId: string }>, leaseMs: number, now = Date.now()): string[] {
    if (leases.length === 0) return [];
    const list = JSON.stringify(leases);
    return this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE jobs SET lease_expires_at = ? WHERE status = 'running' AND agent_group = ?
             AND (id, lease_id) IN (SELECT value ->> 'jobId', value ->> 'leaseId' FROM json_each(?))`,
        )
        .run(now + leaseMs, group, list);
      return this.db
        .prepare(
          `SELECT j.id FROM json_each(?) AS l JOIN jobs j ON j.id = l.value ->> 'jobId'
           WHERE j.agent_group = ? AND (j.status != 'running' OR j.lease_id IS NOT l.value ->> 'leaseId')`,
        )
        .pluck()
        .all(list, group) as string[];
    })();
  }

  /** Keeps a running job's latest progress, under its current lease only. */
  progress(jobId: string, leaseId: string, counts: Record<string, number>): void {
    this.db.prepare(`UPDATE jobs SET progress = ? WHERE id = ? AND lease_id = ? AND status = 'running'`).run(JSON.stringify(counts), jobId, leaseId);
  }

  /** Stores a chunk of a search's records; a later attempt's chunk replaces the same chunk of an earlier one. */
  addRecords(jobId: string, leaseId: string, seq: number, records: unknown[]): Fenced {
    return this.db.transaction((): Fenced => {
      const fence = this.fence(jobId, leaseId, false);
      if (!fence.accepted) return fence;
      this.db.prepare('INSERT OR REPLACE INTO job_records (job_id, seq, records) VALUES (?, ?, ?)').run(jobId, seq, JSON.stringify(records));
      return fence;
    })();
  }

  /**
   * Records a job's outcome under its lease. The same result sent again is accepted again. A job
   * that failed only because Stripe rate-limited it goes back to the queue, held back for a while,
   * and the lease it used does not count as an attempt.
   */
  finish(jobId: string, leaseId: string, outcome: Outcome, now = Date.now()): Fenced {
    return this.db.transaction((): Fenced => {
      const fence = this.fence(jobId, leaseId, true);
      if (!fence.accepted) return fence;
      const job = this.get(jobId)!;
      const status = job.status;
      if (status === 'cancelled' || status === 'failed') {
        // A job the control plane ended (a cancel, a timeout) still hears how far its agent got; the status stays.
        this.db.prepare('UPDATE jobs SET result = ?, connector_version = ? WHERE id = ? AND result IS NULL').run(
          outcome.result === undefined ? null : JSON.stringify(outcome.result), outcome.connectorVersion, jobId);
        return fence;
      }
      if (status !== 'running') return fence;
      if (outcome.status === 'failed' && outcome.error?.code === 'rate_limited') {
        this.db
          .prepare(
            `UPDATE jobs SET status = 'queued', attempts = attempts - 1, throttled = throttled + 1, not_before = ?,
               lease_agent = NULL, lease_expires_at = NULL WHERE id = ?`,
          )
          .run(now + throttleDelay(job.throttled, outcome.error.retryAfterMs), jobId);
        return fence;
      }
      // An earlier, longer attempt may have left chunks past the end of this one's.
      if (outcome.chunks !== undefined) this.db.prepare('DELETE FROM job_records WHERE job_id = ? AND seq >= ?').run(jobId, outcome.chunks);
      this.db
        .prepare(
          `UPDATE jobs SET status = ?, result = ?, error = ?, connector_version = ?, finished_at = ?, lease_expires_at = NULL WHERE id = ?`,
        )
        .run(
          outcome.status,
          outcome.result === undefined ? null : JSON.stringify(outcome.result),
          outcome.error ? JSON.stringify(outcome.error) : null,
          outcome.connectorVersion,
          now,
          jobId,
        );
      return fence;
    })();
  }

  /**
   * Puts jobs whose lease ran out back in the queue. Records streamed so far stay: the agent may
   * go on under a new lease, and a fresh attempt overwrites them chunk by chunk.
   */
  expire(now = Date.now()): string[] {
    return this.db.transaction(() => {
      const ids = this.db
        .prepare(`SELECT id FROM jobs WHERE status = 'running' AND lease_expires_at <= ?`)
        .pluck()
        .all(now) as string[];
      const requeue = this.db.prepare(`UPDATE jobs SET status = 'queued', lease_id = NULL, lease_agent = NULL, lease_expires_at = NULL WHERE id = ?`);
      for (const id of ids) requeue.run(id);
      return ids;
    })();
  }

  /** Cancels a job that has not finished; returns whether it was running (its agent must be told). */
  cancel(jobId: string, now = Date.now()): { cancelled: boolean; wasRunning: boolean } {
    const job = this.get(jobId);
    if (!job || (job.status !== 'queued' && job.status !== 'running')) return { cancelled: false, wasRunning: false };
    this.db.prepare(`UPDATE jobs SET status = 'cancelled', finished_at = ?, lease_expires_at = NULL WHERE id = ?`).run(now, jobId);
    return { cancelled: true, wasRunning: job.status === 'running' };
  }

  /**
   * Fails a running job from the control plane's side (a timeout). The lease stays, so the agent's
   * own late result is acknowledged, and only its log kept.
   */
  fail(jobId: string, error: JobErrorJson, now = Date.now()): boolean {
    return this.db
      .prepare(`UPDATE jobs SET status = 'failed', error = ?, finished_at = ?, lease_expires_at = NULL WHERE id = ? AND status = 'running'`)
      .run(JSON.stringify(error), now, jobId).changes === 1;
  }

  /** A page of a search's records, in order, after `after` records. */
  records(jobId: string, after: number, limit: number): { records: unknown[]; next: number | null } {
    const out: unknown[] = [];
    let position = 0;
    for (const row of this.db.prepare('SELECT records FROM job_records WHERE job_id = ? ORDER BY seq').iterate(jobId) as Iterable<{ records: string }>) {
      const chunk = JSON.parse(row.records) as unknown[];
      for (const record of chunk) {
        if (position++ < after) continue;
        if (out.length === limit) return { records: out, next: after + limit };
        out.push(record);
      }
    }
    return { records: out, next: null };
  }

  /** When the next throttled job may be leased, if any is waiting. */
  nextDue(now = Date.now()): number | undefined {
    const at = this.db.prepare(`SELECT MIN(not_before) FROM jobs WHERE status = 'queued' AND not_before > ?`).pluck().get(now) as number | null;
    return at ?? undefined;
  }

  /** `final`: a result may also be re-sent for a job that its lease already finished. */
  private fence(jobId: string, leaseId: string, final: boolean): Fenced {
    const job = this.get(jobId);
    if (!job) return { accepted: false, reason: `no job ${jobId}` };
    if (job.leaseId !== leaseId) return { accepted: false, reason: `lease ${leaseId} of ${jobId} is no longer current` };
    // A throttled job is queued again under the lease whose result sent it back: a re-sent result is acknowledged.
    if (job.status === 'running' || (final && (job.status !== 'queued' || job.throttled > 0))) return { accepted: true };
    return { accepted: false, reason: `${jobId} is ${job.status}` };
  }
}

interface Row {
  id: string;
  connection_id: string;
  agent_group: string;
  activity: Activity;
  object: string | null;
  input: string;
  status: JobStatus;
  attempts: number;
  lease_id: string | null;
  lease_agent: string | null;
  lease_agent_name: string | null;
  lease_expires_at: number | null;
  result: string | null;
  error: string | null;
  connector_version: string | null;
  created_at: number;
  progress: string | null;
  started_at: number | null;
  finished_at: number | null;
  throttled: number;
  not_before: number | null;
}

function fromRow(row: Row): Job {
  return {
    id: row.id,
    connectionId: row.connection_id,
    group: row.agent_group,
    activity: row.activity,
    object: row.object,
    input: JSON.parse(row.input) as Record<string, unknown>,
    status: row.status,
    attempts: row.attempts,
    agent: row.lease_agent,
    agentName: row.lease_agent_name,
    leaseId: row.lease_id,
    leaseExpiresAt: row.lease_expires_at,
    result: row.result === null ? undefined : JSON.parse(row.result),
    error: row.error === null ? null : (JSON.parse(row.error) as JobErrorJson),
    connectorVersion: row.connector_version,
    createdAt: row.created_at,
    progress: row.progress === null ? null : (JSON.parse(row.progress) as Record<string, number>),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    throttled: row.throttled,
    notBefore: row.not_before,
  };
}
