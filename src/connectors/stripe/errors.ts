import type Stripe from 'stripe';
import { loadedStripe } from './sdk.js';

/**
 * Every failure the connector reports, with a stable code. Callers branch on `code` and
 * `retryable`; people read `message`. Stripe's own type, code, param and message travel along
 * where Stripe gave them.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'invalid_query'
  | 'unknown_object'
  | 'unsupported_activity'
  | 'authentication_failed'
  | 'permission_denied'
  | 'not_found'
  | 'idempotency_conflict'
  | 'card_declined'
  | 'rate_limited'
  | 'lock_timeout'
  | 'stripe_unavailable'
  | 'dns'
  | 'connection_refused'
  | 'timeout'
  | 'tls'
  | 'network'
  | 'proxy'
  | 'cancelled'
  | 'stripe_error';

export interface StripeDetail {
  status?: number;
  type?: string;
  code?: string;
  param?: string;
  message?: string;
  requestId?: string;
}

export interface ConnectorErrorJson {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  offset?: number;
  field?: string;
  stripe?: StripeDetail;
  /** How long Stripe asked the caller to wait before trying again (its Retry-After), if it did. */
  retryAfterMs?: number;
}

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly stripe?: StripeDetail;
  /** For `invalid_query`: the character of the query where the problem is. */
  readonly offset?: number;
  /** For `invalid_input`: the input at fault, when one is. */
  readonly field?: string;
  /** Stripe's Retry-After, in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable = false,
    extra: { stripe?: StripeDetail; offset?: number; field?: string; retryAfterMs?: number } = {},
  ) {
    // Masked here, once, so no path can carry a key out in an error.
    super(maskSecrets(message));
    if (extra.stripe) this.stripe = { ...extra.stripe, message: extra.stripe.message && maskSecrets(extra.stripe.message) };
    if (extra.offset !== undefined) this.offset = extra.offset;
    if (extra.field !== undefined) this.field = extra.field;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
  }

  toJSON(): ConnectorErrorJson {
    const json: ConnectorErrorJson = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.offset !== undefined) json.offset = this.offset;
    if (this.field !== undefined) json.field = this.field;
    if (this.stripe) json.stripe = this.stripe;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    return json;
  }
}

const SECRET = /\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]+/g;

/** Hides every API key in a text, keeping its kind and at most its last four characters. */
export function maskSecrets(text: string): string {
  return text.replace(SECRET, (key, kind: string, mode: string) => maskKey(key, `${kind}_${mode}_`));
}

export function maskKey(key: string, prefix = /^[a-z]+_(test|live)_/.exec(key)?.[0] ?? ''): string {
  const rest = key.slice(prefix.length);
  return rest.length >= 12 ? `${prefix}…${rest.slice(-4)}` : `${prefix}…`;
}

/** The one place that decides what a failure means and whether trying again can help. */
export function classify(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new ConnectorError('cancelled', 'The activity was cancelled before it finished.');
  }
  const sdk = loadedStripe();
  if (sdk && error instanceof sdk.errors.StripeConnectionError) return fromNetwork(error.detail ?? error, error.message);
  if (sdk && error instanceof sdk.errors.StripeError) return fromStripe(error);
  if (isErrno(error)) return fromNetwork(error, error.message);
  return new ConnectorError('stripe_error', error instanceof Error ? error.message : String(error));
}

/**
 * Stripe's own word on a failed request wins over the status: `Stripe-Should-Retry` says whether
 * trying again can help, `Retry-After` how long to wait first.
 */
function fromStripe(e: Stripe.errors.StripeError): ConnectorError {
  const error = byStatus(e);
  const headers = (e.headers ?? {}) as Record<string, string | undefined>;
  const shouldRetry = headers['stripe-should-retry'];
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  const retryable = shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : error.retryable;
  if (retryable === error.retryable && retryAfterMs === undefined) return error;
  return new ConnectorError(error.code, error.message, retryable, {
    ...(error.stripe ? { stripe: error.stripe } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** Seconds, or an HTTP date; at most an hour, since a larger value is a mistake. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(seconds) ? Math.min(3_600_000, Math.max(0, Math.round(seconds))) : undefined;
}

function byStatus(e: Stripe.errors.StripeError): ConnectorError {
  const stripe: StripeDetail = {
    status: e.statusCode,
    type: e.type === 'StripeError' ? undefined : e.rawType ?? e.type,
    code: e.code,
    param: e.param,
    message: e.message,
    requestId: e.requestId,
  };
  const extra = { stripe: stripped(stripe) };
  const status = e.statusCode ?? 0;
  if (status === 429 || e.code === 'rate_limit') {
    return new ConnectorError('rate_limited', `Stripe is rate limiting this key: ${e.message}`, true, extra);
  }
  if (status === 401) return new ConnectorError('authentication_failed', `Stripe refused the API key: ${e.message}`, false, extra);
  if (status === 403) {
    return new ConnectorError('permission_denied', `The API key lacks the permission for this call: ${e.message}`, false, extra);
  }
  if (status === 404) return new ConnectorError('not_found', e.message, false, extra);
  if (status === 402) return new ConnectorError('card_declined', e.message, false, extra);
  if (e.type === 'StripeIdempotencyError') {
    return new ConnectorError('idempotency_conflict', `The idempotency key was already used for a different request: ${e.message}`, false, extra);
  }
  if (status === 409 && e.code === 'lock_timeout') {
    return new ConnectorError('lock_timeout', `Stripe could not lock the object in time: ${e.message}`, true, extra);
  }
  if (status >= 500) return new ConnectorError('stripe_unavailable', `Stripe answered ${status}: ${e.message}`, true, extra);
  return new ConnectorError('stripe_error', e.message, false, extra);
}

interface Errno extends Error {
  code?: string;
  errno?: number;
  syscall?: string;
  hostname?: string;
}

function isErrno(e: unknown): e is Errno {
  return e instanceof Error && typeof (e as Errno).code === 'string';
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH|ERR_CERT|EPROTO$)/;

/** Network failures, each named for what an operator checks next. */
export function fromNetwork(detail: unknown, fallback: string): ConnectorError {
  const e = (isErrno(detail) ? detail : undefined) ?? ({} as Errno);
  const code = e.code ?? '';
  const text = e.message ?? fallback;
  if (code === 'ERR_PROXY_AUTH') return new ConnectorError('proxy', `${text}.`, false);
  if (code === 'ERR_NOT_STRIPE') {
    return new ConnectorError('network', `${text}.`, ((detail as { status?: number }).status ?? 0) >= 500);
  }
  if (/proxy/i.test(text) || code.startsWith('ERR_PROXY')) {
    return new ConnectorError('proxy', `The proxy refused or failed the connection: ${text}`, false);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = e.hostname ? ` '${e.hostname}'` : '';
    return new ConnectorError('dns', `The host name${host} could not be resolved (${code}); check the API base URL and this host's DNS.`, code === 'EAI_AGAIN');
  }
  if (code === 'ECONNREFUSED') {
    return new ConnectorError('connection_refused', `The connection was refused (${text}); check the API base URL and that the server is up.`, true);
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || /timeout/i.test(fallback)) {
    return new ConnectorError('timeout', `No answer in time (${fallback}); check the network path to Stripe.`, true);
  }
  if (TLS_CODES.test(code)) {
    return new ConnectorError(
      'tls',
      `TLS failed (${code}: ${text}): the certificate could not be verified or the server does not speak TLS; check the API base URL, and a TLS-inspecting proxy needs its CA in the agent's proxy caFile.`,
      false,
    );
  }
  return new ConnectorError('network', `The connection failed (${code || 'no code'}: ${text}).`, true);
}

function stripped(detail: StripeDetail): StripeDetail {
  return Object.fromEntries(Object.entries(detail).filter(([, v]) => v !== undefined)) as StripeDetail;
}
