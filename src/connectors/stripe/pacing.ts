import { setTimeout as sleep } from 'node:timers/promises';

/** Requests per second Stripe allows each key (its published limits). */
export interface RateLimits {
  test: number;
  live: number;
  /** Search has a budget of its own, on top of the mode's. */
  search: number;
}

export const STRIPE_RATE_LIMITS: RateLimits = { test: 25, live: 100, search: 20 };

/**
 * Spaces each key's requests evenly at its limit, so a burst of jobs runs at the limit instead of
 * bouncing off it with 429s. Keys are known by an id the caller derives (never the key itself).
 */
export class Pacer {
  private readonly next = new Map<string, number>();

  constructor(private readonly limits: RateLimits = STRIPE_RATE_LIMITS) {}

  /** Waits for this key's next slot (and its search slot for a search). */
  async take(keyId: string, mode: 'test' | 'live', search: boolean, signal?: AbortSignal): Promise<void> {
    const buckets: Array<[string, number]> = [[`${keyId}:${mode}`, this.limits[mode]]];
    if (search) buckets.push([`${keyId}:search`, this.limits.search]);
    const now = Date.now();
    const slot = Math.max(now, ...buckets.map(([b]) => this.next.get(b) ?? 0));
    for (const [bucket, rate] of buckets) this.next.set(bucket, slot + 1000 / rate);
    if (slot > now) await sleep(slot - now, undefined, { signal });
  }
}
