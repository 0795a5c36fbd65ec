import type { Agent } from 'node:http';
import type Stripe from 'stripe';
import { remove } from './activities/delete.js';
import { read } from './activities/read.js';
import { search } from './activities/search.js';
import { test, type TestResult } from './activities/test.js';
import { create, update } from './activities/write.js';
import { catalog, type Activity, type CatalogEntry } from './catalog.js';
import { stripeClient, validateConnection, type Connection, type ConnectionConfig } from './connection.js';
import { classify } from './errors.js';
import { checkInput, findObject, type ActivityInputs } from './inputs.js';
import { manifest } from './manifest.js';
import { Pacer, STRIPE_RATE_LIMITS, type RateLimits } from './pacing.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { Session } from './session.js';

/*
 * The Stripe connector: a versioned unit the agent loads. It knows nothing of WebSockets,
 * SQLite or the agent; it imports nothing from them. Its whole surface is this file.
 */

export interface ConnectorOptions {
  /** Requests per second per key; Stripe's published limits by default. */
  rateLimits?: Partial<RateLimits>;
  retry?: Partial<RetryPolicy>;
  /** Per request; the SDK's own default is 80 s. */
  timeoutMs?: number;
  /** The HTTP agent (a proxy, say) for a connection; the agent decides, the connector only uses it. */
  httpAgentFor?: (connection: Connection) => Agent | undefined;
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
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly clients = new Map<string, { client: Stripe; httpAgent: Agent | undefined }>();

  constructor(private readonly options: ConnectorOptions = {}) {
    this.pacer = new Pacer({ ...STRIPE_RATE_LIMITS, ...options.rateLimits });
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** The whole catalog, or one object of it (throws `unknown_object`). */
  catalog(object?: string): CatalogEntry[] {
    return object === undefined ? [...catalog().values()] : [findObject(object)];
  }

  validateConnection(config: unknown): Connection {
    return validateConnection(config);
  }

  /** Checks an activity's input without any request: what a control plane refuses up front. */
  checkInput<A extends Activity>(activity: A, input: unknown): ActivityInputs[A] {
    return checkInput(activity, input).input;
  }

  test(config: ConnectionConfig, options: RunOptions = {}): Promise<TestResult> {
    return this.guard(() => test(this.session(config, options)));
  }

  /** Records as they arrive; errors surface from the iteration, already classified. */
  async *search(config: ConnectionConfig, input: unknown, options: RunOptions = {}): AsyncGenerator<StripeRecord> {
    const { entry, input: checked } = checkInput('search', input);
    try {
      yield* search(this.session(config, options), entry, checked);
    } catch (e) {
      throw classify(e);
    }
  }

  read(config: ConnectionConfig, input: unknown, options: RunOptions = {}): Promise<StripeRecord> {
    return this.guard(() => {
      const { entry, input: checked } = checkInput('read', input);
      return read(this.session(config, options), entry, checked);
    });
  }

  create(config: ConnectionConfig, input: unknown, options: RunOptions = {}): Promise<StripeRecord> {
    return this.guard(() => {
      const { entry, input: checked } = checkInput('create', input);
      return create(this.session(config, options), entry, checked);
    });
  }

  update(config: ConnectionConfig, input: unknown, options: RunOptions = {}): Promise<StripeRecord> {
    return this.guard(() => {
      const { entry, input: checked } = checkInput('update', input);
      return update(this.session(config, options), entry, checked);
    });
  }

  delete(config: ConnectionConfig, input: unknown, options: RunOptions = {}): Promise<StripeRecord> {
    return this.guard(() => {
      const { entry, input: checked } = checkInput('delete', input);
      return remove(this.session(config, options), entry, checked);
    });
  }

  private session(config: ConnectionConfig, options: RunOptions): Session {
    const connection = validateConnection(config);
    const httpAgent = this.options.httpAgentFor?.(connection);
    // One client per key, base and HTTP agent, so calls reuse its kept-alive connections.
    const cacheKey = JSON.stringify([connection.apiKey, connection.apiBase]);
    let cached = this.clients.get(cacheKey);
    if (!cached || cached.httpAgent !== httpAgent) {
      cached = { httpAgent, client: stripeClient(connection, { timeoutMs: this.timeoutMs, ...(httpAgent ? { httpAgent } : {}) }) };
      this.clients.delete(cacheKey);
      this.clients.set(cacheKey, cached);
      if (this.clients.size > MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
    }
    const counting = (onHttpRequest: () => void) =>
      stripeClient(connection, { timeoutMs: this.timeoutMs, onHttpRequest, ...(httpAgent ? { httpAgent } : {}) });
    return new Session(connection, cached.client, counting, this.pacer, this.retry, options.signal);
  }

  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw classify(e);
    }
  }
}

export function createConnector(options?: ConnectorOptions): StripeConnector {
  return new StripeConnector(options);
}

export { manifest } from './manifest.js';
export { ConnectorError, maskSecrets, type ConnectorErrorJson, type ErrorCode } from './errors.js';
export { ACTIVITIES, type Activity, type CatalogEntry } from './catalog.js';
export type { Connection, ConnectionConfig } from './connection.js';
export type { TestResult } from './activities/test.js';
export type { ActivityInputs } from './inputs.js';
export type { RateLimits } from './pacing.js';
export type { RetryPolicy } from './retry.js';
