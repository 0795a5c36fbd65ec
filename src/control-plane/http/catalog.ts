import { ConnectorError, type StripeConnector } from '../../connectors/stripe/index.js';
import type { Catalogs } from '../catalogs.js';
import { Refusal } from '../refusal.js';
import { object, type Route } from './router.js';

/**
 * The catalog for the console's activity screens — that of the newest connector version the agents
 * run — and a query check as one types.
 */
export function catalogRoutes(catalogs: Catalogs, connector: StripeConnector): Route[] {
  // The served catalog's entry; else the control plane's own (which knows older names), or its error.
  const entry = (name: string) => {
    const found = catalogs.entry(name);
    if (found) return found;
    try {
      return { entry: connector.catalog(name)[0]!, connectorVersion: connector.manifest.version };
    } catch (e) {
      const refusal = Refusal.fromConnector(e);
      throw new Refusal('not_found', refusal.code, refusal.message);
    }
  };
  return [
    [
      'GET',
      /^\/api\/v1\/catalog$/,
      () => ({
        status: 200,
        body: catalogs.current().entries.map((e) => ({ object: e.object, activities: e.activities, searchable: e.searchFields !== null })),
      }),
    ],
    // Object names are API paths, which may have a slash (apple_pay/domains).
    ['GET', /^\/api\/v1\/catalog\/(.+)$/, ({ params }) => {
      const { entry: found, connectorVersion } = entry(params[0]!);
      return { status: 200, body: { ...found, connectorVersion } };
    }],
    [
      'POST',
      /^\/api\/v1\/catalog\/(.+)\/query-check$/,
      ({ params, body }) => {
        try {
          connector.checkInput('search', { object: entry(params[0]!).entry.object, query: object(body).query });
          return { status: 200, body: { ok: true } };
        } catch (e) {
          if (!(e instanceof ConnectorError)) throw e;
          return { status: 200, body: { ok: false, error: { code: e.code, message: e.message, ...(e.offset === undefined ? {} : { offset: e.offset }) } } };
        }
      },
    ],
  ];
}
