import type { Agents } from '../agents.js';
import { ACTIVITIES } from '../../connectors/stripe/index.js';
import type { Catalogs } from '../catalogs.js';
import type { Connections } from '../connections.js';
import type { Job, JobQueue } from '../queue/jobs.js';
import { Refusal } from '../refusal.js';
import { ApiError } from './api-error.js';
import { object, type Route } from './router.js';

const INPUT_FIELDS = ['object', 'id', 'query', 'data', 'maxResults', 'pageSize', 'expand'] as const;
const MAX_PAGE = 1000;
const MAX_LIST = 500;

export function jobRoutes(
  deps: {
    queue: JobQueue;
    connections: Connections;
    catalogs: Catalogs;
    agents: Agents;
    /** Why a queued job that needs particular agents (a run, a sample) waits. */
    waiting: (job: Job) => string;
    /** Resolves once what was committed so far is on disk. */
    synced: () => Promise<void>;
  },
  onQueued: (group: string) => void,
  onCancelRunning: (job: Job) => void,
): Route[] {
  const { queue, connections, catalogs, agents, waiting, synced } = deps;
  const view = (job: Job) => ({
    id: job.id,
    connectionId: job.connectionId,
    status: job.status,
    activity: job.activity,
    object: job.object,
    ...(job.result !== undefined ? { result: job.result } : {}),
    ...(job.error ? { error: job.error } : {}),
    ...(job.agent ? { agent: job.agentName ?? agents.nameOf(job.agent) ?? job.agent } : {}),
    ...(job.connectorVersion ? { connectorVersion: job.connectorVersion } : {}),
    attempts: job.attempts,
    ...(job.throttled > 0 ? { throttled: job.throttled } : {}),
    ...(job.status === 'queued' && job.notBefore ? { notBefore: new Date(job.notBefore).toISOString() } : {}),
    ...(job.status === 'queued' && job.activity === 'operation' ? { message: waiting(job) } : {}),
    createdAt: new Date(job.createdAt).toISOString(),
    ...(job.finishedAt ? { finishedAt: new Date(job.finishedAt).toISOString() } : {}),
  });
  const find = (id: string) => {
    const job = queue.get(id);
    if (!job) throw new ApiError(404, 'not_found', `No job ${id}.`);
    return job;
  };
  return [
    [
      'POST',
      /^\/api\/v1\/jobs$/,
      async ({ body }) => {
        const request = object(body);
        if (typeof request.connectionId !== 'string') throw new ApiError(400, 'invalid_input', 'connectionId is required.');
        const connection = connections.get(request.connectionId);
        const activity = request.activity;
        if (!ACTIVITIES.includes(activity as never)) {
          throw new ApiError(400, 'invalid_input', `activity must be one of ${ACTIVITIES.join(', ')}; a connection test is POST /api/v1/connections/{id}/test.`);
        }
        const input = Object.fromEntries(INPUT_FIELDS.filter((k) => request[k] !== undefined).map((k) => [k, request[k]]));
        try {
          // The agent derives the idempotency key from the job id; any key satisfies the check here.
          catalogs.checkInput(activity as (typeof ACTIVITIES)[number], { ...input, idempotencyKey: 'check' }, connection.agentGroup);
        } catch (e) {
          throw Refusal.fromConnector(e);
        }
        // Committed without a sync of its own, so that jobs submitted together share one. Dispatch
        // may lease the job while the sync runs; it sends a job that writes only after (its replies
        // keep their order behind this sync), a read at once (Outgoing.take). The 202 waits for it.
        const job = queue.transaction(() => queue.enqueue({ connectionId: connection.id, group: connection.agentGroup, activity: activity as (typeof ACTIVITIES)[number], object: input.object as string, input }));
        const onDisk = synced();
        onQueued(connection.agentGroup);
        await onDisk;
        return { status: 202, body: { id: job.id } };
      },
    ],
    [
      'GET',
      /^\/api\/v1\/jobs$/,
      ({ query }) => {
        const limit = Number(query.get('limit') ?? 50);
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST) throw new ApiError(400, 'invalid_input', `limit must be a whole number from 1 to ${MAX_LIST}.`);
        return { status: 200, body: queue.recent(limit).map(view) };
      },
    ],
    ['GET', /^\/api\/v1\/jobs\/([^/]+)$/, ({ params }) => ({ status: 200, body: view(find(params[0]!)) })],
    [
      'GET',
      /^\/api\/v1\/jobs\/([^/]+)\/records$/,
      ({ params, query }) => {
        const job = find(params[0]!);
        const after = Number(query.get('after') ?? 0);
        const limit = Number(query.get('limit') ?? MAX_PAGE);
        if (!Number.isInteger(after) || after < 0) throw new ApiError(400, 'invalid_input', 'after must be a cursor from an earlier page.');
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new ApiError(400, 'invalid_input', `limit must be from 1 to ${MAX_PAGE}.`);
        const page = queue.records(job.id, after, limit);
        return { status: 200, body: { records: page.records, next: page.next === null ? null : String(page.next) } };
      },
    ],
    [
      'POST',
      /^\/api\/v1\/jobs\/([^/]+)\/cancel$/,
      ({ params }) => {
        const job = find(params[0]!);
        const { cancelled, wasRunning } = queue.cancel(job.id);
        if (!cancelled) throw new ApiError(409, 'not_cancellable', `Job ${job.id} is already ${job.status}.`);
        if (wasRunning) onCancelRunning(job);
        return { status: 200, body: view(find(job.id)) };
      },
    ],
  ];
}
