import type { Connections } from '../connections.js';
import type { JobQueue } from '../queue/jobs.js';
import { ApiError } from './api-error.js';
import { object, type Route } from './router.js';

/**
 * `onTest`: a connection of the group is being tested (its agents then look for connector updates).
 * `activitiesUsing`: the names of the saved activities on a connection, which keep it from deletion.
 */
export function connectionRoutes(
  connections: Connections,
  queue: JobQueue,
  onQueued: (group: string) => void,
  onTest: (group: string) => void,
  activitiesUsing: (connectionId: string) => string[] = () => [],
): Route[] {
  return [
    ['GET', /^\/api\/v1\/connections$/, () => ({ status: 200, body: connections.list() })],
    [
      'POST',
      /^\/api\/v1\/connection-tests$/,
      ({ body }) => {
        // A test of the values on the screen, saved or not; the key travels sealed in the job.
        const draft = object(body);
        const { sealed, agentGroup } = connections.sealedDraft(draft);
        const connectionId = typeof draft.id === 'string' ? draft.id : '';
        const job = queue.enqueue({ connectionId, group: agentGroup, activity: 'test', input: { sealedConnection: sealed } });
        onTest(agentGroup);
        onQueued(agentGroup);
        return { status: 202, body: { jobId: job.id } };
      },
    ],
    ['POST', /^\/api\/v1\/connections$/, ({ body }) => ({ status: 201, body: connections.create(object(body)) })],
    ['GET', /^\/api\/v1\/connections\/([^/]+)$/, ({ params }) => ({ status: 200, body: connections.get(params[0]!) })],
    ['PUT', /^\/api\/v1\/connections\/([^/]+)$/, ({ params, body }) => ({ status: 200, body: connections.update(params[0]!, object(body)) })],
    [
      'DELETE',
      /^\/api\/v1\/connections\/([^/]+)$/,
      ({ params }) => {
        const id = params[0]!;
        connections.get(id);
        const busy = queue.unfinishedOf(id);
        if (busy.length > 0) {
          throw new ApiError(409, 'in_use', `The connection is still used by ${busy.length} queued or running job(s): ${busy.slice(0, 10).join(', ')}. Wait for them or cancel them, then delete.`, { jobs: busy });
        }
        const users = activitiesUsing(id);
        if (users.length > 0) {
          throw new ApiError(409, 'in_use', `The connection is used by the activities ${users.map((n) => `'${n}'`).join(', ')}; delete or change them first.`, { activities: users });
        }
        connections.remove(id);
        return { status: 204, body: null };
      },
    ],
    [
      'POST',
      /^\/api\/v1\/connections\/([^/]+)\/test$/,
      ({ params }) => {
        const connection = connections.get(params[0]!);
        const job = queue.enqueue({ connectionId: connection.id, group: connection.agentGroup, activity: 'test', input: {} });
        onTest(connection.agentGroup);
        onQueued(connection.agentGroup);
        return { status: 202, body: { jobId: job.id } };
      },
    ],
  ];
}
