import type Stripe from 'stripe';
import type { CatalogObject } from './catalog.js';
import type { Connection } from './connection.js';
import { classify } from './errors.js';
import type { BudgetKey, Pacer } from './pacing.js';
import { withRetries, type RetryPolicy } from './retry.js';

/** One activity's view of its connection: the SDK client, pacing and retries. */
export class Session {
  /** The key's budgets, known to the pacer only by the key's fingerprint. */
  private readonly budgets: { requests: BudgetKey; search: BudgetKey };

  constructor(
    readonly connection: Connection,
    /** The key's fingerprint (keyFingerprint), worked out once per client rather than per call. */
    fingerprint: string,
    readonly client: Stripe,
    /** A client of its own for one call, telling it of each HTTP request it sends. */
    readonly countingClient: (onHttpRequest: () => void) => Stripe,
    /** The proxy the traffic crosses (password masked), if any. */
    readonly proxy: string | undefined,
    private readonly pacer: Pacer,
    private readonly retry: RetryPolicy,
    readonly signal?: AbortSignal,
  ) {
    this.budgets = {
      requests: { fingerprint, bucket: 'requests', limit: connection.rateLimit },
      search: { fingerprint, bucket: 'search', limit: connection.searchRateLimit },
    };
  }

  /** One Stripe call, paced and retried; `call` is told the attempt number. */
  request<T>(kind: 'search' | 'other', call: (attempt: number) => Promise<T>): Promise<T> {
    const budgets = kind === 'search' ? [this.budgets.requests, this.budgets.search] : [this.budgets.requests];
    return withRetries(
      async (attempt) => {
        await this.pacer.take(budgets, this.signal);
        try {
          return await call(attempt);
        } catch (e) {
          if (classify(e).code === 'rate_limited') this.pacer.throttled(budgets);
          throw e;
        }
      },
      this.retry,
      this.signal,
    );
  }

  /** The SDK resource of a catalog entry, whose methods the activities call. */
  resource(entry: CatalogObject, client: Stripe = this.client): SdkResource {
    return (client as unknown as Record<string, SdkResource>)[entry.sdkResource]!;
  }
}

type Method = (...args: unknown[]) => Promise<Record<string, unknown>>;

export interface SdkResource {
  search: Method;
  retrieve: Method;
  create: Method;
  update: Method;
  del: Method;
}
