/** An error the sandbox answers in Stripe's shape: `{"error": {type, code?, param?, message}}`. */
export class StripeApiError extends Error {
  override readonly name = 'StripeApiError';
  constructor(
    readonly status: number,
    readonly type: 'invalid_request_error' | 'api_error' | 'card_error' | 'idempotency_error',
    message: string,
    readonly code?: string,
    readonly param?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toBody(): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = { type: this.type, message: this.message };
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replaceAll('_', '-')}`;
    }
    if (this.param) error.param = this.param;
    return { error: { ...error, ...this.extra } };
  }
}

const HELP = 'Please see https://stripe.com/docs or we can help at https://support.stripe.com/.';

export const errors = {
  invalid(message: string, param?: string, code?: string): StripeApiError {
    return new StripeApiError(400, 'invalid_request_error', message, code, param);
  },
  unknownParam(param: string): StripeApiError {
    return new StripeApiError(400, 'invalid_request_error', `Received unknown parameter: ${param}`, 'parameter_unknown', param);
  },
  missingParam(param: string): StripeApiError {
    return new StripeApiError(400, 'invalid_request_error', `Missing required param: ${param}.`, 'parameter_missing', param);
  },
  noSuch(objectName: string, id: string, param = 'id'): StripeApiError {
    return new StripeApiError(404, 'invalid_request_error', `No such ${objectName}: '${id}'`, 'resource_missing', param);
  },
  unrecognizedUrl(method: string, path: string): StripeApiError {
    return new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}). ${HELP}`);
  },
  authentication(message: string): StripeApiError {
    return new StripeApiError(401, 'invalid_request_error', message);
  },
  rateLimited(): StripeApiError {
    return new StripeApiError(
      429,
      'invalid_request_error',
      'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
      'rate_limit',
    );
  },
  internal(): StripeApiError {
    return new StripeApiError(500, 'api_error', `An unknown error occurred (injected by the sandbox's faults). ${HELP}`);
  },
  cardDeclined(declineCode: string, chargeId?: string): StripeApiError {
    const extra: Record<string, unknown> = { decline_code: declineCode };
    if (chargeId) extra.charge = chargeId;
    return new StripeApiError(402, 'card_error', 'Your card was declined.', 'card_declined', undefined, extra);
  },
};

/** Stripe shows keys in error messages with all but the last four characters hidden. */
export function maskKey(key: string): string {
  const prefix = /^[a-z]+_(test|live)_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  // A short key would be given away by its last four characters.
  return rest.length < 12 ? `${prefix}****` : `${prefix}${'*'.repeat(rest.length - 4)}${rest.slice(-4)}`;
}
