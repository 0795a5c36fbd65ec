import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { MAX_SAMPLE, roleOf, type ResolvedOperation } from '../../protocol/operations.js';
import type { JobQueue } from '../queue/jobs.js';
import type { Activities, ConnectionGroups } from './activities.js';
import { Refusal } from '../refusal.js';
import type { RunDispatch } from './runs.js';

/** Records a sample reads when the caller names no limit: enough to try a mapping on. */
export const DEFAULT_SAMPLE = 3;

/**
 * Samples of a source activity: its first few records, read by an agent that can read it (the
 * only one that can, for a files root) and sent up so the console can preview a mapping on them.
 * A sample is an `operation` job whose resolved operation has no mapping, no target and a
 * `sample` limit: it is leased and placed like a run, but it is not a run (no history, no
 * actions), and on the agent it has no side effects.
 */
export class Samples {
  constructor(
    private readonly db: Database,
    private readonly queue: JobQueue,
    private readonly activities: Activities,
    private readonly connections: ConnectionGroups,
    private readonly dispatch: Pick<RunDispatch, 'wake'>,
  ) {}

  /** Queues a sample of the source activity `activityId`; its records come back as the job's records. */
  start(activityId: string, body: unknown, now = Date.now()): { jobId: string } {
    const activity = this.activities.get(activityId);
    const { limit, agentGroup } = options(body);
    const { id, createdAt: _c, updatedAt: _u, ...definition } = activity;
    if (roleOf(definition) !== 'source') {
      throw Refusal.invalid('activity', `'${activity.name}' is a ${definition.type === 'stripe' ? 'Stripe' : 'files'} ${definition.activity}, a target: only a source (Search, Read, files read) has records to sample.`);
    }
    let group = agentGroup ?? 'default';
    if (definition.type === 'stripe') {
      const own = this.connections.groupOf(definition.connectionId);
      if (own === undefined) throw Refusal.invalid('connectionId', `'${activity.name}' uses the connection ${definition.connectionId}, which no longer exists.`);
      if (agentGroup !== undefined && agentGroup !== own) throw Refusal.invalid('agentGroup', `agentGroup '${agentGroup}' differs from the group '${own}' of the activity's connection; leave it out for a Stripe source.`);
      group = own;
    }
    // keep: an agent that predates samples would take this for a whole run, and must still leave the files in place.
    const source = definition.type === 'files' ? { ...definition, afterRead: 'keep' as const } : definition;
    const operation: ResolvedOperation = { operationId: activity.id, name: `Sample of ${activity.name}`.slice(0, 200), source: { ...source, id }, options: {}, sample: limit };
    const job = this.queue.enqueue(
      {
        id: `smp_${randomUUID().replaceAll('-', '')}`,
        connectionId: definition.type === 'stripe' ? definition.connectionId : '',
        group,
        activity: 'operation',
        ...(definition.type === 'stripe' ? { object: definition.object } : {}),
        input: { operation },
        needsRoots: definition.type === 'files' ? [definition.root] : [],
      },
      now,
    );
    this.dispatch.wake(group);
    return { jobId: job.id };
  }

  /** Deletes the samples that ended before `before`, with their records; returns how many. */
  prune(before: number): number {
    return this.db.prepare(`DELETE FROM jobs WHERE activity = 'operation' AND finished_at < ? AND json_extract(input, '$.operation.sample') IS NOT NULL`).run(before).changes;
  }
}

function options(body: unknown): { limit: number; agentGroup: string | undefined } {
  if (body === undefined || body === null) return { limit: DEFAULT_SAMPLE, agentGroup: undefined };
  if (typeof body !== 'object' || Array.isArray(body)) throw Refusal.invalid('limit', 'The body must be {limit?, agentGroup?}.');
  const { limit = DEFAULT_SAMPLE, agentGroup, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw Refusal.invalid(unknown, `${unknown} is not an option of a sample; it takes limit and agentGroup.`);
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_SAMPLE) throw Refusal.invalid('limit', `limit must be a whole number from 1 to ${MAX_SAMPLE}.`);
  if (agentGroup !== undefined && (typeof agentGroup !== 'string' || agentGroup === '' || agentGroup.length > 200)) throw Refusal.invalid('agentGroup', 'agentGroup must be the name of an agent group.');
  return { limit: limit as number, agentGroup };
}
