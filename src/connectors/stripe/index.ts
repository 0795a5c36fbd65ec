import type { Agent } from 'node:http';
import type Stripe from 'stripe';
import { remove } from './activities/delete.js';
import { read } from './activities/read.js';
import { search } from './activities/search.js';
import { test, type TestResult } from './activities/test.js';
import { create, update } from './activities/write.js';
import { catalog, type Activity, type CatalogEntry } from './catalog.js';
import { notStripeStatus, stripeClient, validateConnection, type Connection, type ConnectionConfig } from './connection.js';
import { classify, ConnectorError } from './errors.js';
import { checkInput, findObject, type ActivityInputs } from './inputs.js';
import { manifest } from './manifest.js';
import { keyFingerprint, Pacer, STRIPE_RATE_LIMITS, WHOLE_LIMIT, type RateBudget, type RateLimits } from './pacing.js';
import { DEFAULT_RETRY, interactive, type RetryPolicy } from './retry.js';
import { loadStripe } from './sdk.js';
import { Session } from './session.js';

/*
 * The Stripe connector: a versioned unit the agent loads. It knows nothing of WebSockets,
 * SQLite or the agent; it imports nothing from them. Its whole surface is this file.
 */

export interface ConnectorOptions {
  /** Requests per second per key for a connection that sets none; Stripe's published limits by default. */
  rateLimits?: Partial<RateLimits>;
  /** How much of each key's limit this process may use; all of it by default. An agent group shares it. */
  budget?: RateBudget;
  /** Told the HTTP status of every answer from Stripe, 0 for a request that got none. */
  onResponse?: (status: number) => void;
  retry?: Partial<RetryPolicy>;
  /** Per request; the SDK's own default is 80 s. */
  timeoutMs?: number;
  /**
   * The proxy a connection's traffic crosses, if any: the HTTP agent that reaches it and how to
   * name it in messages (password masked). The agent decides; the connector only uses it.
   */
  proxyFor?: (connection: Connection) => { agent: Agent; label: string } | undefined;
}

export interface RunOptions {
  /** Cancels the activity between requests and during back-off. */
  signal?: AbortSignal;
}

export type StripeRecord = Record<string, unknown>;

const MAX_CLIENTS = 100;

export class StripeConnector {
  readonly manifest = manifest;
  private readonly pacer: Pacer;
  private readonly limits: RateLimits;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly clients = new Map<string, { client: Stripe; httpAgent: Agent | undefined; fingerprint: string }>();

  constructor(private readonly options: ConnectorOptions = {}) {
    this.limits = { ...STRIPE_RATE_LIMITS, ...options.rateLimits };
    this.pacer = new Pacer(options.budget ?? WHOLE_LIMIT);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** The whole catalog, or one object of it (throws `unknown_object`). */
  catalog(object?: string): CatalogEntry[] {
    return object === undefined ? [...catalog().values()] : [catalog().get(findObject(object).object)!];
  }

  validateConnection(config: unknown): Connection {
    return validateConnection(config, this.limits);
  }

  /** Checks an activity's input without any request: what a control plane refuses up front. */
  checkInput<A extends Activity>(activity: A, input: unknown): ActivityInputs[A] {
    return checkInput(activity, input).input;
  }

  /** A person waits on a Test: it fails within 2 s where a job would go on retrying. */
  async test(config: ConnectionConfig, options: RunOptions = {}): Promise<TestResult> {
    return this.run(config, options, (session) => test(session), interactive(this.retry));
  }

  /** Records as they arrive; errors surface from the iteration, already classified. */
  async *search(config: ConnectionConfig, input: unknown, options: RunOptions = {}): AsyncGenerator<StripeRecord> {
    const { entry, input: checked } = checkInput('search', input);
    const session = await this.session(config, options);
    try {
      yield* search(session, entry, checked);
    } catch (e) {
      throw failure(e, session);
    }
  }

  async read(config: ConnectionConfig, input: unknown, options: RunOptions = {}): Promise<StripeRecord> {
    const { entry, input: checked } = checkInput('read', input);
    return this.run(config, options, (session) => read(session, entry, checked));
  }

  async create(config: ConnectionConfig, input: unknown, options: RunOptions = {}): Promise<StripeRecord> {
    const { entry, input: checked } = checkInput('create', input);
    return this.run(config, options, (session) => create(session, entry, checked));
  }

  async update(config: ConnectionConfig, input: unknown, options: RunOptions = {}): Promise<StripeRecord> {
    const { entry, input: checked } = checkInput('update', input);
    return this.run(config, options, (session) => update(session, entry, checked));
  }

  async delete(config: ConnectionConfig, input: unknown, options: RunOptions = {}): Promise<StripeRecord> {
    const { entry, input: checked } = checkInput('delete', input);
    return this.run(config, options, (session) => remove(session, entry, checked));
  }

  private async session(config: ConnectionConfig, options: RunOptions, retry = this.retry): Promise<Session> {
    const connection = validateConnection(config, this.limits);
    const sdk = await loadStripe();
    const proxy = this.options.proxyFor?.(connection);
    const httpAgent = proxy?.agent;
    // One client per key, base and HTTP agent, so calls reuse its kept-alive connections.
    const cacheKey = JSON.stringify([connection.apiKey, connection.apiBase]);
    const clientOptions = { timeoutMs: this.timeoutMs, ...(httpAgent ? { httpAgent } : {}), ...(this.options.onResponse ? { onResponse: this.options.onResponse } : {}) };
    let cached = this.clients.get(cacheKey);
    if (!cached || cached.httpAgent !== httpAgent) {
      cached = { httpAgent, client: stripeClient(sdk, connection, clientOptions), fingerprint: keyFingerprint(connection.apiKey) };
      this.clients.delete(cacheKey);
      this.clients.set(cacheKey, cached);
      if (this.clients.size > MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
    }
    const counting = (onHttpRequest: () => void) => stripeClient(sdk, connection, { ...clientOptions, onHttpRequest });
    return new Session(connection, cached.fingerprint, cached.client, counting, proxy?.label, this.pacer, retry, options.signal);
  }

  private async run<T>(config: ConnectionConfig, options: RunOptions, activity: (session: Session) => Promise<T>, retry?: RetryPolicy): Promise<T> {
    const session = await this.session(config, options, retry);
    try {
      return await activity(session);
    } catch (e) {
      throw failure(e, session);
    }
  }
}

const NETWORK_CODES = new Set(['dns', 'connection_refused', 'timeout', 'network']);
const PROXY_FAILURES: Record<string, string> = {
  dns: 'could not be resolved',
  connection_refused: 'refused the connection',
  timeout: 'did not answer in time',
  network: 'failed the connection',
};

/**
 * Classified; on a proxied connection, a failure of the path is named for the one part to check:
 * the proxy when the proxy itself cannot be reached, the API host when the proxy answered that it
 * could not reach it. Never both at once: a person fixes one of them.
 */
function failure(e: unknown, session: Session): ConnectorError {
  const error = classify(e);
  const proxy = session.proxy;
  if (!proxy) return error;
  const upstream = error.code === 'network' ? notStripeStatus(error.message) : undefined;
  if (upstream !== undefined && upstream >= 500) {
    const host = new URL(session.connection.apiBase).host;
    return new ConnectorError('network', `The host ${host} could not be reached through the proxy (it answered HTTP ${upstream}); check the API base URL and that the server is up.`, error.retryable);
  }
  if (NETWORK_CODES.has(error.code)) {
    const code = (error.message.match(/\b(E[A-Z]+|ERR_[A-Z_]+)\b/) ?? [])[1];
    return new ConnectorError('proxy', `The proxy ${proxy} ${PROXY_FAILURES[error.code]}${code ? ` (${code})` : ''}; check the proxy settings and that the proxy is up.`, error.retryable);
  }
  if (error.code === 'proxy') return new ConnectorError('proxy', `Through the proxy ${proxy}: ${error.message} Check the proxy settings and that the proxy is up.`, error.retryable);
  if (error.code === 'tls') return new ConnectorError('tls', `${error.message} (through the proxy ${proxy})`);
  return error;
}

export function createConnector(options?: ConnectorOptions): StripeConnector {
  return new StripeConnector(options);
}

export { manifest } from './manifest.js';
export { ConnectorError, maskSecrets, type ConnectorErrorJson, type ErrorCode } from './errors.js';
export { ACTIVITIES, type Activity, type CatalogEntry, type CatalogObject } from './catalog.js';
export { DEFAULT_API_BASE, type Connection, type ConnectionConfig } from './connection.js';
export {
  isSearchableResource,
  parseSearchQuery,
  SearchQueryError,
  type Clause,
  type SearchQuery,
  type SearchableResource,
} from './search-query/index.js';
export type { TestResult } from './activities/test.js';
export type { ActivityInputs } from './inputs.js';
export { keyFingerprint, WINDOW_MS as PACER_WINDOW_MS, type BudgetKey, type Bucket, type RateBudget, type RateLimits } from './pacing.js';
export { throttleDelay, type RetryPolicy } from './retry.js';
