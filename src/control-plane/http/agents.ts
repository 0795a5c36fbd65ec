import type { Agents } from '../agents.js';
import type { Groups } from '../groups.js';
import type { Settings } from '../settings.js';
import { ApiError } from './api-error.js';
import { object, type Route } from './router.js';

export function agentRoutes(
  deps: { agents: Agents; groups: Groups; settings: Settings },
  connected: (id: string) => boolean,
  onPolicy: (disable: boolean) => void,
  onDrain: (id: string, drain: boolean) => void,
): Route[] {
  const { agents, groups, settings } = deps;
  /** Drain or resume one agent; answers with the agent as listed. */
  const drain = (id: string, on: boolean) => {
    if (!agents.setDrain(id, on)) throw new ApiError(404, 'not_found', `No agent ${id}; GET /api/v1/agents lists them.`);
    onDrain(id, on);
    return { status: 202, body: agents.list(connected).find((a) => a.id === id) };
  };
  return [
    ['GET', /^\/api\/v1\/agents$/, () => ({ status: 200, body: agents.list(connected) })],
    ['POST', /^\/api\/v1\/agents\/([^/]+)\/drain$/, ({ params }) => drain(params[0]!, true)],
    ['POST', /^\/api\/v1\/agents\/([^/]+)\/resume$/, ({ params }) => drain(params[0]!, false)],
    ['GET', /^\/api\/v1\/agent-groups$/, () => ({ status: 200, body: groups.list() })],
    ['POST', /^\/api\/v1\/agent-groups$/, ({ body }) => ({ status: 201, body: groups.create(object(body).name) })],
    ['GET', /^\/api\/v1\/policy$/, () => ({ status: 200, body: settings.policy() })],
    [
      'PUT',
      /^\/api\/v1\/policy$/,
      ({ body }) => {
        const value = object(body).disableAutoConnectorUpdate;
        if (typeof value !== 'boolean') throw new ApiError(400, 'invalid_input', 'disableAutoConnectorUpdate must be true or false.');
        const policy = settings.setPolicy({ disableAutoConnectorUpdate: value });
        onPolicy(value);
        return { status: 200, body: policy };
      },
    ],
  ];
}
