import type { Registry } from '../registry.js';
import type { Route } from './router.js';

export function connectorRoutes(registry: Registry): Route[] {
  return [
    ['POST', /^\/api\/v1\/connectors$/, ({ body }) => ({ status: 201, body: registry.publish(body) })],
    ['GET', /^\/api\/v1\/connectors$/, () => ({ status: 200, body: registry.list() })],
    ['GET', /^\/api\/v1\/connectors\/([^/]+)\/([^/]+)\/bundle$/, ({ params }) => ({ status: 200, body: JSON.parse(registry.bundle(params[0]!, params[1]!)) })],
  ];
}
