import { ConnectorError } from '../../connectors/stripe/index.js';

/** An API refusal: `{"error": {"code", "message"}}` with its HTTP status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** A connector refusal keeps the connector's code, a query's offset and the field at fault. */
  static fromConnector(e: unknown): ApiError {
    if (!(e instanceof ConnectorError)) throw e;
    return new ApiError(400, e.code, e.message, { ...(e.offset === undefined ? {} : { offset: e.offset }), ...(e.field === undefined ? {} : { field: e.field }) });
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}
