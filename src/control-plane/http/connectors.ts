import type { Registry } from '../registry.js';
import type { Route } from './router.js';

/** For agents, with an agent token: what there is, and the bundles. */
export function agentConnectorRoutes(registry: Registry, onDownload: (name: string, version: string) => void): Route[] {
  return [
    ['GET', /^\/api\/v1\/agent\/connectors$/, () => ({ status: 200, body: registry.list() })],
    [
      'GET',
      /^\/api\/v1\/agent\/connectors\/([^/]+)\/([^/]+)\/bundle$/,
      ({ params }) => {
        const bundle = JSON.parse(registry.bundle(params[0]!, params[1]!));
        onDownload(params[0]!, params[1]!);
        return { status: 200, body: bundle };
      },
    ],
  ];
}

const MAX_BUNDLE_BYTES = 32 << 20;

export function connectorRoutes(registry: Registry): Route[] {
  return [
    // A bundle carries the connector's code, the Stripe description and its catalog: a few MiB.
    ['POST', /^\/api\/v1\/connectors$/, ({ body }) => ({ status: 201, body: registry.publish(body) }), { maxBody: MAX_BUNDLE_BYTES }],
    ['GET', /^\/api\/v1\/connectors$/, () => ({ status: 200, body: registry.list() })],
    ['GET', /^\/api\/v1\/connectors\/([^/]+)\/([^/]+)\/bundle$/, ({ params }) => ({ status: 200, body: JSON.parse(registry.bundle(params[0]!, params[1]!)) })],
  ];
}
