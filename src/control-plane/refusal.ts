import { ConnectorError } from '../connectors/stripe/index.js';

/**
 * What the control plane's domain refuses (a connection, a group, a connector version, an activity,
 * an operation, a run), named by kind and the API's code. The router maps the kind to an HTTP
 * status once; the domain knows nothing of HTTP.
 */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly kind: 'invalid' | 'not_found' | 'conflict',
    /** The API's error code, as in invalid_input, duplicate_name, in_use. */
    readonly code: string,
    message: string,
    /** What else the caller needs: the offending `field`, a query's `offset`, a mapping's `position`, what is in the way. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  static invalid(field: string, message: string, details: Record<string, unknown> = {}, code = 'invalid_input'): Refusal {
    return new Refusal('invalid', code, message, { field, ...details });
  }

  static notFound(what: string, id: string): Refusal {
    return new Refusal('not_found', 'not_found', `No ${what} ${id}.`);
  }

  /** A connector's refusal of an input keeps its code, a query's offset and the field at fault; anything else is rethrown. */
  static fromConnector(e: unknown): Refusal {
    if (!(e instanceof ConnectorError)) throw e;
    return new Refusal('invalid', e.code, e.message, { ...(e.offset === undefined ? {} : { offset: e.offset }), ...(e.field === undefined ? {} : { field: e.field }) });
  }
}
