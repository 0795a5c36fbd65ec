import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
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

/** A job as its lease hands it out: what its agent is sent. */
export type LeasedJob = Pick<Job, 'id' | 'connectionId' | 'activity' | 'object' | 'input' | 'attempts' | 'createdAt'> & { leaseId: string; leaseExpiresAt: number };

/** A job as the gateway sees it once its result came in: finished, or back in the queue when Stripe throttled it. */
export type EndedJob = Pick<Job, 'id' | 'activity' | 'object' | 'input' | 'status' | 'attempts' | 'createdAt' | 'finishedAt' | 'throttled' | 'notBefore'>;

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
 * Every statement is prepared once, here: the gateway calls these on every message.
 */
export class JobQueue {
  private readonly sql;
  private readonly takes = new Map<number, Statement>();

  constructor(private readonly db: Database) {
    const p = (text: string) => db.prepare(text);
    this.sql = {
      insert: p(`INSERT INTO jobs (id, connection_id, agent_group, activity, object, input, status, created_at, needs_roots)
                 VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`),
      get: p('SELECT * FROM jobs WHERE id = ?'),
      ended: p(`SELECT id, activity, object, input, status, attempts, created_at AS createdAt, finished_at AS finishedAt, throttled, not_before AS notBefore
                FROM jobs WHERE id = ?`),
      recent: p('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?'),
      unfinishedOf: p(`SELECT id FROM jobs WHERE connection_id = ? AND status IN ('queued', 'running') ORDER BY created_at`).pluck(),
      // The oldest `max` jobs the agent can run; `take` then leases them in one statement. (One
      // UPDATE over this as its subquery cost twice as much: 250 µs even when it found nothing.)
      // The roots are compared row by row: a list of @roots would be built on every call, for the few jobs that need roots.
      // `@max + 0`, not `@max`: SQLite plans with the value of a bare bound LIMIT, so it plans the
      // statement again each time one is bound (better-sqlite3 binds at every run): 50-80 µs, not 6-10.
      pick: p(`SELECT id FROM jobs WHERE agent_group = @group AND status = 'queued' AND (not_before IS NULL OR not_before <= @now)
                 AND (needs_roots IS NULL OR NOT EXISTS (SELECT 1 FROM json_each(needs_roots) n
                   WHERE NOT EXISTS (SELECT 1 FROM json_each(@roots) r WHERE r.value = n.value)))
                 AND (@samples = 1 OR activity != 'operation' OR json_extract(input, '$.operation.sample') IS NULL)
               ORDER BY created_at, rowid LIMIT @max + 0`).pluck(),
      renew: p(`UPDATE jobs SET lease_expires_at = ? WHERE status = 'running' AND agent_group = ?
                  AND (id, lease_id) IN (SELECT value ->> 'jobId', value ->> 'leaseId' FROM json_each(?))`),
      stale: p(`SELECT j.id FROM json_each(?) AS l JOIN jobs j ON j.id = l.value ->> 'jobId'
                WHERE j.agent_group = ? AND (j.status != 'running' OR j.lease_id IS NOT l.value ->> 'leaseId')`).pluck(),
      progress: p(`UPDATE jobs SET progress = ? WHERE id = ? AND lease_id = ? AND status = 'running'`),
      fence: p('SELECT lease_id, status, throttled FROM jobs WHERE id = ?'),
      // A chunk's first record follows its predecessor's last; `finish` settles any chunk that came before its predecessor.
      addRecords: p(`INSERT OR REPLACE INTO job_records (job_id, seq, records, count, first_index)
                     VALUES (@job, @seq, @records, @count,
                       CASE WHEN @seq = 0 THEN 0 ELSE (SELECT first_index + count FROM job_records WHERE job_id = @job AND seq = @seq - 1) END)`),
      trimRecords: p('DELETE FROM job_records WHERE job_id = ? AND seq >= ?'),
      indexRecords: p(`UPDATE job_records AS r SET first_index = w.first
                       FROM (SELECT seq, SUM(count) OVER (ORDER BY seq) - count AS first FROM job_records WHERE job_id = @job) AS w
                       WHERE r.job_id = @job AND r.seq = w.seq AND r.first_index IS NOT w.first`),
      throttle: p(`UPDATE jobs SET status = 'queued', attempts = attempts - 1, throttled = throttled + 1, not_before = ?,
                     lease_agent = NULL, lease_expires_at = NULL WHERE id = ?`),
      // Never started: the attempt does not count, no lease is current, and a first attempt has not
      // started (a run's timeout counts from started_at). SET reads the row's values before the update.
      release: p(`UPDATE jobs SET status = 'queued', attempts = attempts - 1, lease_id = NULL, lease_agent = NULL, lease_expires_at = NULL,
                    started_at = CASE WHEN attempts = 1 AND throttled = 0 THEN NULL ELSE started_at END
                  WHERE id = ? AND lease_id = ? AND agent_group = ? AND status = 'running'`),
      nextDue: p(`SELECT MIN(not_before) FROM jobs WHERE status = 'queued' AND not_before > ?`).pluck(),
      lateResult: p('UPDATE jobs SET result = ?, connector_version = ? WHERE id = ? AND result IS NULL'),
      finish: p(`UPDATE jobs SET status = ?, result = ?, error = ?, connector_version = ?, finished_at = ?, lease_expires_at = NULL WHERE id = ?`),
      expire: p(`UPDATE jobs SET status = 'queued', lease_id = NULL, lease_agent = NULL, lease_expires_at = NULL
                 WHERE status = 'running' AND lease_expires_at <= ? RETURNING id`).pluck(),
      // Only a running job has a lease agent (a requeue, by expiry or by throttling, clears it), so the row says what the job was.
      cancel: p(`UPDATE jobs SET status = 'cancelled', finished_at = ?, lease_expires_at = NULL
                 WHERE id = ? AND status IN ('queued', 'running') RETURNING lease_agent IS NOT NULL AS was_running`).pluck(),
      fail: p(`UPDATE jobs SET status = 'failed', error = ?, finished_at = ?, lease_expires_at = NULL WHERE id = ? AND status = 'running'`),
      seekRecords: p(`SELECT seq, first_index FROM job_records WHERE job_id = ? AND first_index <= ? ORDER BY first_index DESC LIMIT 1`),
      readRecords: p('SELECT count, records FROM job_records WHERE job_id = ? AND seq >= ? ORDER BY seq'),
      syncFull: p('PRAGMA synchronous = FULL'),
      syncNormal: p('PRAGMA synchronous = NORMAL'),
    };
  }

  /**
   * Runs `work` in one transaction: what it writes is committed once, together, without a sync of
   * its own. It survives a killed process at once, and a power cut once the log is synced: the
   * caller syncs it with WalSync before it acknowledges anything in it. (A lease or a renewal needs
   * no sync at all: a lost lease puts its job back in the queue and fences off the result sent
   * under it.) Other writes to the store stay synced as they commit.
   */
  transaction<T>(work: () => T): T {
    this.sql.syncNormal.run();
    try {
      // Immediate: a lease reads, then writes what it read, and another control plane on this
      // store must not write in between.
      return this.db.transaction(work).immediate();
    } finally {
      this.sql.syncFull.run();
    }
  }

  enqueue(job: NewJob, now = Date.now()): Job {
    const id = job.id ?? `job_${randomUUID().replaceAll('-', '')}`;
    const roots = job.needsRoots && job.needsRoots.length > 0 ? JSON.stringify(job.needsRoots) : null;
    this.sql.insert.run(id, job.connectionId, job.group, job.activity, job.object ?? null, JSON.stringify(job.input), now, roots);
    return this.get(id)!;
  }

  get(id: string): Job | undefined {
    const row = this.sql.get.get(id) as Row | undefined;
    return row && fromRow(row);
  }

  /**
   * The ten columns the gateway reads at every result, not the whole job: each column is a
   * property to build on the row object, and the result would be parsed again.
   */
  ended(id: string): EndedJob | undefined {
    const row = this.sql.ended.get(id) as Stored<EndedJob> | undefined;
    return row && { ...row, input: JSON.parse(row.input) as Record<string, unknown> };
  }

  /** The newest jobs first. */
  recent(limit: number): Job[] {
    return (this.sql.recent.all(limit) as Row[]).map(fromRow);
  }

  /** Ids of a connection's jobs that are queued or running. */
  unfinishedOf(connectionId: string): string[] {
    return this.sql.unfinishedOf.all(connectionId) as string[];
  }

  /**
   * Leases up to `max` queued jobs of `group` to `agent` (named `agentName` now), oldest first,
   * among those whose files roots it declares. `samples`: the agent reads no more of a source
   * than a sample asks (it speaks protocol 1.2); else it is leased none.
   */
  lease(group: string, agent: string, max: number, leaseMs: number, now = Date.now(), agentName: string | null = null, roots: string[] = [], samples = true): LeasedJob[] {
    const ids = this.sql.pick.all({ group, now, roots: JSON.stringify(roots), max, samples: samples ? 1 : 0 }) as string[];
    if (ids.length === 0) return [];
    const rows = this.take(ids.length).all(agent, agentName, now + leaseMs, now, ...ids) as Array<Stored<LeasedJob> & { _rowid: number }>;
    // RETURNING has no order of its own.
    return rows
      .sort((a, b) => a.createdAt - b.createdAt || a._rowid - b._rowid)
      .map(({ _rowid, ...row }) => ({ ...row, input: JSON.parse(row.input) as Record<string, unknown> }));
  }

  /**
   * The statement that leases `count` picked jobs, each lease id 128 random bits; prepared once
   * for each count. A job another control plane on this store leased meanwhile is left alone. It
   * returns only what the agent is sent: in leases of 64, `RETURNING *` cost 50 µs more per job.
   */
  private take(count: number): Statement {
    let statement = this.takes.get(count);
    if (!statement) {
      statement = this.db.prepare(`UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_id = lower(hex(randomblob(16))), lease_agent = ?,
                                     lease_agent_name = ?, lease_expires_at = ?, started_at = COALESCE(started_at, ?)
                                   WHERE status = 'queued' AND id IN (${Array.from({ length: count }, () => '?').join(', ')})
                                   RETURNING id, connection_id AS connectionId, activity, object, input, attempts, created_at AS createdAt,
                                     lease_id AS leaseId, lease_expires_at AS leaseExpiresAt, rowid AS _rowid`);
      this.takes.set(count, statement);
    }
    return statement;
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
      this.sql.renew.run(now + leaseMs, group, list);
      return this.sql.stale.all(list, group) as string[];
    })();
  }

  /** Keeps a running job's latest progress, under its current lease only. */
  progress(jobId: string, leaseId: string, counts: Record<string, number>): void {
    this.sql.progress.run(JSON.stringify(counts), jobId, leaseId);
  }

  /** Stores a chunk of a search's records; a later attempt's chunk replaces the same chunk of an earlier one. */
  addRecords(jobId: string, leaseId: string, seq: number, records: unknown[]): Fenced {
    return this.db.transaction((): Fenced => {
      const { fenced } = this.fence(jobId, leaseId, false);
      if (fenced.accepted) this.sql.addRecords.run({ job: jobId, seq, records: JSON.stringify(records), count: records.length });
      return fenced;
    })();
  }

  /**
   * Records a job's outcome under its lease. The same result sent again is accepted again. A job
   * that failed only because Stripe rate-limited it goes back to the queue, held back for a while,
   * and the lease it used does not count as an attempt.
   */
  finish(jobId: string, leaseId: string, outcome: Outcome, now = Date.now()): Fenced {
    return this.db.transaction((): Fenced => {
      const { fenced, status, throttled } = this.fence(jobId, leaseId, true);
      if (!fenced.accepted) return fenced;
      const result = outcome.result === undefined ? null : JSON.stringify(outcome.result);
      if (status === 'cancelled' || status === 'failed') {
        // A job the control plane ended (a cancel, a timeout) still hears how far its agent got; the status stays.
        this.sql.lateResult.run(result, outcome.connectorVersion, jobId);
        return fenced;
      }
      if (status !== 'running') return fenced;
      if (outcome.status === 'failed' && outcome.error?.code === 'rate_limited') {
        this.sql.throttle.run(now + throttleDelay(throttled ?? 0, outcome.error.retryAfterMs), jobId);
        return fenced;
      }
      if (outcome.chunks !== undefined) {
        // An earlier, longer attempt may have left chunks past the end of this one's, or chunks of other sizes.
        this.sql.trimRecords.run(jobId, outcome.chunks);
        this.sql.indexRecords.run({ job: jobId });
      }
      this.sql.finish.run(outcome.status, result, outcome.error ? JSON.stringify(outcome.error) : null, outcome.connectorVersion, now, jobId);
      return fenced;
    })();
  }

  /**
   * Puts jobs whose lease ran out back in the queue. Records streamed so far stay: the agent may
   * go on under a new lease, and a fresh attempt overwrites them chunk by chunk.
   */
  expire(now = Date.now()): string[] {
    return this.sql.expire.all(now) as string[];
  }

  /** An agent gives back a job it fetched ahead and did not start: queued again at once. False when that lease is no longer current. */
  release(group: string, jobId: string, leaseId: string): boolean {
    return this.sql.release.run(jobId, leaseId, group).changes === 1;
  }

  /** Cancels a job that has not finished; returns whether it was running (its agent must be told). */
  cancel(jobId: string, now = Date.now()): { cancelled: boolean; wasRunning: boolean } {
    const wasRunning = this.sql.cancel.get(now, jobId) as number | undefined;
    return { cancelled: wasRunning !== undefined, wasRunning: wasRunning === 1 };
  }

  /**
   * Fails a running job from the control plane's side (a timeout). The lease stays, so the agent's
   * own late result is acknowledged, and only its log kept.
   */
  fail(jobId: string, error: JobErrorJson, now = Date.now()): boolean {
    return this.sql.fail.run(JSON.stringify(error), now, jobId).changes === 1;
  }

  /**
   * A page of a search's records, in order, after `after` records. It seeks to the chunk holding
   * record `after` by the chunks' first indexes, so page 1,000 costs what page 1 does.
   */
  records(jobId: string, after: number, limit: number): { records: unknown[]; next: number | null } {
    const start = this.sql.seekRecords.get(jobId, after) as { seq: number; first_index: number } | undefined;
    const out: unknown[] = [];
    let position = start?.first_index ?? 0;
    for (const row of this.sql.readRecords.iterate(jobId, start?.seq ?? 0) as Iterable<{ count: number; records: string }>) {
      if (position + row.count > after) {
        // A record past the page's end exists: the page is full and there is a next one.
        if (out.length === limit) return { records: out, next: after + limit };
        const chunk = JSON.parse(row.records) as unknown[];
        const from = Math.max(0, after - position);
        const taken = chunk.slice(from, from + limit - out.length);
        out.push(...taken);
        if (out.length === limit && from + taken.length < chunk.length) return { records: out, next: after + limit };
      }
      position += row.count;
    }
    return { records: out, next: null };
  }

  /** When the next throttled job may be leased, if any is waiting. */
  nextDue(now = Date.now()): number | undefined {
    return (this.sql.nextDue.get(now) as number | null) ?? undefined;
  }

  /** `final`: a result may also be re-sent for a job that its lease already finished. */
  private fence(jobId: string, leaseId: string, final: boolean): { fenced: Fenced; status?: JobStatus; throttled?: number } {
    const job = this.sql.fence.get(jobId) as { lease_id: string | null; status: JobStatus; throttled: number } | undefined;
    if (!job) return { fenced: { accepted: false, reason: `no job ${jobId}` } };
    if (job.lease_id !== leaseId) return { fenced: { accepted: false, reason: `lease ${leaseId} of ${jobId} is no longer current` } };
    // A throttled job is queued again under the lease whose result sent it back: a re-sent result is acknowledged.
    if (job.status === 'running' || (final && (job.status !== 'queued' || job.throttled > 0))) return { fenced: { accepted: true }, status: job.status, throttled: job.throttled };
    return { fenced: { accepted: false, reason: `${jobId} is ${job.status}` } };
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

/** A job's fields as a statement returns them under their own names: the input still JSON text. */
type Stored<T extends { input: unknown }> = Omit<T, 'input'> & { input: string };

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
