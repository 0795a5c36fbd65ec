import type { Agent } from 'node:http';
import type Stripe from 'stripe';
import { ConnectorError } from './errors.js';
import { manifest } from './manifest.js';
import { STRIPE_RATE_LIMITS, type RateLimits } from './pacing.js';

/** A Stripe connection as the platform configures it. */
export interface ConnectionConfig {
  name: string;
  apiKey: string;
  /** Send this connection's Stripe traffic through the agent's proxy settings. */
  useProxySettings?: boolean;
  /** Defaults to https://api.stripe.com; plain http only for loopback hosts (the sandbox). */
  apiBase?: string;
  /** Requests per second Stripe allows this key, where Stripe raised it for the account (default 100 live, 25 test). */
  rateLimit?: number;
  /** Search requests per second, where Stripe raised it (default 20). */
  searchRateLimit?: number;
}

export interface Connection {
  name: string;
  apiKey: string;
  useProxySettings: boolean;
  apiBase: string;
  mode: 'test' | 'live';
  keyKind: 'secret' | 'restricted';
  rateLimit: number;
  searchRateLimit: number;
}

export const DEFAULT_API_BASE = 'https://api.stripe.com';
const KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
const MAX_RATE = 100_000;

/** Checks a connection's configuration; every refusal names the field and what it needs. */
export function validateConnection(input: unknown, defaults: RateLimits = STRIPE_RATE_LIMITS): Connection {
  if (!input || typeof input !== 'object') throw invalid(undefined, 'the connection must be an object with name and apiKey');
  const config = input as Record<string, unknown>;
  const name = connectionName(config.name);
  const key = typeof config.apiKey === 'string' ? config.apiKey.trim() : '';
  if (!key) throw invalid('apiKey', 'apiKey is required: a secret key (sk_test_… or sk_live_…) or a restricted key (rk_…)');
  if (key.startsWith('pk_')) {
    throw invalid('apiKey', 'apiKey is a publishable key (pk_…), which cannot call the API; use a secret key (sk_…) or a restricted key (rk_…)');
  }
  const match = KEY.exec(key);
  if (!match) throw invalid('apiKey', 'apiKey is not a Stripe API key; it needs the form sk_test_…, sk_live_…, rk_test_… or rk_live_…');
  if (config.useProxySettings !== undefined && typeof config.useProxySettings !== 'boolean') {
    throw invalid('useProxySettings', 'useProxySettings must be true or false');
  }
  const mode = match[2] as 'test' | 'live';
  return {
    name,
    apiKey: key,
    useProxySettings: config.useProxySettings === true,
    apiBase: validateApiBase(config.apiBase),
    mode,
    keyKind: match[1] === 'sk' ? 'secret' : 'restricted',
    rateLimit: validateRate('rateLimit', config.rateLimit) ?? defaults[mode],
    searchRateLimit: validateRate('searchRateLimit', config.searchRateLimit) ?? defaults.search,
  };
}

/** Longest connection name, in characters: it shows in lists and names an endpoint. */
export const MAX_NAME_LENGTH = 200;

/**
 * The name as NFKC folds it, so that a look-alike of `/` or `:` (／ ∕ ︓) meets the rule for the
 * real one (and the few NFKC leaves alone are listed); control, format and unassigned characters (NUL, U+202E) would hide what a name says.
 */
function connectionName(value: unknown): string {
  const name = typeof value === 'string' ? value.normalize('NFKC').trim() : '';
  if (!name) throw invalid('name', 'name is required');
  if (name.length > MAX_NAME_LENGTH) throw invalid('name', `name is ${name.length} characters long; it may have at most ${MAX_NAME_LENGTH}`);
  if (/\p{C}/u.test(name)) throw invalid('name', 'name must not contain control, format or unassigned characters (such as NUL, tab or U+202E)');
  if (/[/:\u2044\u2215\u29F8\u2236\uA789]/.test(name)) throw invalid('name', `name '${name}' must not contain '/' or ':' or a look-alike of them (it also names the endpoint)`);
  return name;
}

function validateRate(field: 'rateLimit' | 'searchRateLimit', value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > MAX_RATE) {
    throw invalid(field, `${field} must be a number of requests per second from 1 to ${MAX_RATE}, or left out for Stripe's limit`);
  }
  return value;
}

function validateApiBase(value: unknown): string {
  if (value === undefined || value === null || value === '') return DEFAULT_API_BASE;
  if (typeof value !== 'string') throw invalid('apiBase', 'apiBase must be a URL such as https://api.stripe.com');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('apiBase', `apiBase '${value}' is not a URL; write it with its scheme, as in https://api.stripe.com`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    throw invalid('apiBase', `apiBase '${value}' uses plain http, which is allowed only for loopback hosts (127.0.0.1, localhost, [::1]); use https`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('apiBase', `apiBase '${value}' must use https`);
  if (url.pathname !== '/' || url.search || url.username) {
    throw invalid('apiBase', `apiBase '${value}' must be a scheme, host and port only, as in https://api.stripe.com`);
  }
  return url.origin;
}

/** `field` names the input at fault, so a form can show the refusal beside it. */
function invalid(field: keyof ConnectionConfig | undefined, message: string): ConnectorError {
  return new ConnectorError('invalid_input', `Invalid connection: ${message}.`, false, field ? { field } : {});
}

export interface ClientOptions {
  timeoutMs: number;
  httpAgent?: Agent;
  /** Told of every HTTP request the client sends, its own silent retries included. */
  onHttpRequest?: () => void;
  /** Told each answer's HTTP status, 0 when none came. */
  onResponse?: (status: number) => void;
}

/**
 * The official SDK for one connection. It never retries on its own: the connector's caller-side
 * policy decides, with the same idempotency key on every attempt.
 */
export function stripeClient(sdk: typeof Stripe, connection: Connection, options: ClientOptions): Stripe {
  const url = new URL(connection.apiBase);
  const https = url.protocol === 'https:';
  return new sdk(connection.apiKey, {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : https ? 443 : 80,
    protocol: https ? 'https' : 'http',
    maxNetworkRetries: 0,
    timeout: options.timeoutMs,
    telemetry: false,
    appInfo: { name: 'stripe-agent', version: manifest.version },
    httpClient: checkingHttpClient(sdk, options.httpAgent, options.onHttpRequest, options.onResponse),
  });
}

/**
 * The SDK's own Node HTTP client, telling of each request it sends, and refusing an error answer
 * that lacks Stripe's Request-Id: it came from something else (a proxy, a wrong API base), and
 * the SDK alone would only say its body was not JSON.
 */
function checkingHttpClient(sdk: typeof Stripe, agent: Agent | undefined, onRequest?: () => void, onResponse?: (status: number) => void): Stripe.HttpClient {
  const client = sdk.createNodeHttpClient(agent);
  const send = client.makeRequest.bind(client);
  client.makeRequest = async (...args: Parameters<typeof send>) => {
    onRequest?.();
    let response;
    try {
      response = await send(...args);
    } catch (e) {
      onResponse?.(0);
      throw e;
    }
    const status = response.getStatusCode();
    onResponse?.(status);
    if (status >= 400 && !response.getHeaders()['request-id']) {
      (response.getRawResponse() as { resume?: () => void }).resume?.();
      throw notStripe(status);
    }
    return response;
  };
  return client;
}

const NOT_STRIPE = /an HTTP (\d+) answer without Stripe's Request-Id/;

/** The status of an answer that did not come from Stripe, from the message that reported it. */
export function notStripeStatus(message: string): number | undefined {
  const match = NOT_STRIPE.exec(message);
  return match ? Number(match[1]) : undefined;
}

function notStripe(status: number): Error & { code: string } {
  const error =
    status === 407
      ? Object.assign(new Error('the proxy refused the credentials (407 Proxy Authentication Required); check the proxy user and password'), { code: 'ERR_PROXY_AUTH' })
      : Object.assign(new Error(`an HTTP ${status} answer without Stripe's Request-Id came back: not Stripe's (a proxy's, or a wrong API base URL)`), { code: 'ERR_NOT_STRIPE' });
  return Object.assign(error, { status });
}
