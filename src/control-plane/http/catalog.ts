import { ConnectorError, type StripeConnector } from '../../connectors/stripe/index.js';
import { ApiError } from './api-error.js';
import { object, type Route } from './router.js';

/** The connector's catalog for the console's activity screens, and a query check as one types. */
export function catalogRoutes(connector: StripeConnector): Route[] {
  const entry = (name: string) => {
    try {
      return connector.catalog(name)[0]!;
    } catch (e) {
      const error = ApiError.fromConnector(e);
      throw new ApiError(404, error.code, error.message);
    }
  };
  return [
    [
      'GET',
      /^\/api\/v1\/catalog$/,
      () => ({ status: 200, body: connector.catalog().map((e) => ({ object: e.object, activities: e.activities, searchable: e.searchFields !== null })) }),
    ],
    ['GET', /^\/api\/v1\/catalog\/([^/]+)$/, ({ params }) => ({ status: 200, body: entry(params[0]!) })],
    [
      'POST',
      /^\/api\/v1\/catalog\/([^/]+)\/query-check$/,
      ({ params, body }) => {
        try {
          connector.checkInput('search', { object: entry(params[0]!).object, query: object(body).query });
          return { status: 200, body: { ok: true } };
        } catch (e) {
          if (!(e instanceof ConnectorError)) throw e;
          return { status: 200, body: { ok: false, error: { code: e.code, message: e.message, ...(e.offset === undefined ? {} : { offset: e.offset }) } } };
        }
      },
    ],
  ];
}
