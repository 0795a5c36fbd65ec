import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** Requests per second Stripe allows each key (its published limits). */
export interface RateLimits {
  test: number;
  live: number;
  /** Search has a budget of its own, on top of the mode's. */
  search: number;
}

export const STRIPE_RATE_LIMITS: RateLimits = { test: 25, live: 100, search: 20 };

/** Every request takes from its key's `requests` budget; a search also from its `search` one. */
export type Bucket = 'requests' | 'search';

/** One budget of one key. The key is known only by its fingerprint, never by itself. */
export interface BudgetKey {
  fingerprint: string;
  bucket: Bucket;
  /** The key's whole limit for this bucket, requests per second: the connection's, or Stripe's. */
  limit: number;
}

/**
 * Where the pacer learns how fast it may go. Alone, a process may use a key's whole limit; in an
 * agent group the agent's budget grants it a share. Asked before every request: it must answer
 * from memory, never over the network.
 */
export interface RateBudget {
  /** Requests per second this process may send now within `key`'s budget. */
  rate(key: BudgetKey): number;
  /** A request of `key` leaves after waiting `waitedMs` for its slot: how demand is judged. */
  used?(key: BudgetKey, waitedMs: number): void;
  /** Requests of `key` waiting for a slot now went up (1) or down (-1): demand not yet met. */
  waiting?(key: BudgetKey, change: 1 | -1): void;
}

/** A process on its own: each key's whole limit. */
export const WHOLE_LIMIT: RateBudget = { rate: (key) => key.limit };

/** The slowest pace a budget can set: a share of nothing still lets a request through now and then. */
const MIN_RATE = 0.5;

/**
 * Names a key without giving it away: a one-way digest under a label of its own, so it matches
 * no other hash of the key. The agent and the control plane compute the same one.
 */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update('stripe-agent rate budget\0').update(apiKey).digest('hex').slice(0, 24);
}

/**
 * Stripe counts requests over one second, by when they arrive: a little more than a second between
 * a request and the one a window's count later leaves room for the way there to take longer for
 * one than for the other.
 */
export const WINDOW_MS = 1040;
/**
 * How much longer the window grows with each 429 (the way there varies more than assumed: a busy
 * host, a slow proxy), up to a limit, and how fast it shrinks back while no 429 comes.
 */
const SKEW_STEP_MS = 100;
const SKEW_MAX_MS = 500;
const SKEW_DECAY_PER_S = 10;
/** Above this rate the one-second log would be long and spacing alone is fine-grained enough. */
const MAX_LOGGED_RATE = 1000;
/** A waiting request looks again this often: its budget may have grown meanwhile. */
const RECHECK_MS = 100;
/**
 * A timer waits no less than a millisecond: at a rate whose spacing is finer (a limit raised past
 * a thousand a second), a request that waited for its slot would wait a whole millisecond, and the
 * key would go no faster than a thousand a second whatever its limit. So a request may go up to a
 * millisecond ahead of its slot; the spacing evens out over the next ones.
 */
const TIMER_MS = 1;

/** Time as the pacer sees it. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<unknown>;
}

const SYSTEM_CLOCK: Clock = { now: Date.now, sleep: (ms, signal) => sleep(ms, undefined, { signal }) };

interface BucketState {
  /** When the next request is due under even spacing (GCRA's theoretical arrival time). */
  due: number;
  /** The rate `due` was set at: a new rate stretches or shrinks what is left of the spacing. */
  rate: number;
  /** Milliseconds the window grew by after 429s, as of `skewAt`. */
  skew: number;
  skewAt: number;
  /** Send times within the last window, oldest first. */
  sent: number[];
}

/**
 * Spaces each key's requests evenly at the rate its budget allows, so a burst runs at the limit
 * instead of bouncing off it with 429s. A request a late timer held back may catch up half a
 * spacing, or a millisecond where that is more (GCRA with that tolerance), but never beyond the
 * rate's count within any one second, which is how Stripe counts: several agents each keeping to
 * their share then keep to the sum.
 */
export class Pacer {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly budget: RateBudget = WHOLE_LIMIT,
    private readonly clock: Clock = SYSTEM_CLOCK,
  ) {}

  /** Waits until every one of `keys` has room, then counts the request against each. */
  async take(keys: BudgetKey[], signal?: AbortSignal): Promise<void> {
    const started = this.clock.now();
    let waiting = false;
    try {
      for (;;) {
        const now = this.clock.now();
        const ready = Math.max(...keys.map((k) => this.readyAt(k)));
        if (ready <= now) break;
        if (!waiting) for (const key of keys) this.budget.waiting?.(key, 1);
        waiting = true;
        await this.clock.sleep(Math.min(ready - now, RECHECK_MS), signal);
      }
    } finally {
      if (waiting) for (const key of keys) this.budget.waiting?.(key, -1);
    }
    const now = this.clock.now();
    for (const key of keys) {
      const rate = this.rate(key);
      const state = this.state(key);
      state.due = Math.max(state.due, now) + 1000 / rate;
      state.rate = rate;
      if (rate <= MAX_LOGGED_RATE) {
        state.sent.push(now);
        const room = Math.max(1, Math.floor(rate));
        if (state.sent.length > room) state.sent.splice(0, state.sent.length - room);
      }
      this.budget.used?.(key, now - started);
    }
  }

  /** Stripe answered 429 to a request of `keys`: their requests arrive less evenly than they leave. */
  throttled(keys: BudgetKey[]): void {
    const now = this.clock.now();
    for (const key of keys) {
      const state = this.state(key);
      state.skew = Math.min(SKEW_MAX_MS, this.skew(state, now) + SKEW_STEP_MS);
      state.skewAt = now;
    }
  }

  private skew(state: BucketState, now: number): number {
    return Math.max(0, state.skew - ((now - state.skewAt) * SKEW_DECAY_PER_S) / 1000);
  }

  private readyAt(key: BudgetKey): number {
    const rate = this.rate(key);
    const state = this.state(key);
    const now = this.clock.now();
    if (rate !== state.rate && state.due > now) state.due = now + ((state.due - now) * state.rate) / rate;
    state.rate = rate;
    const spaced = state.due - Math.max(500 / rate, TIMER_MS);
    const room = Math.max(1, Math.floor(rate));
    const windowed = rate <= MAX_LOGGED_RATE && state.sent.length >= room ? state.sent[state.sent.length - room]! + WINDOW_MS + this.skew(state, now) : 0;
    return Math.max(spaced, windowed);
  }

  private rate(key: BudgetKey): number {
    return Math.max(MIN_RATE, this.budget.rate(key));
  }

  private state(key: BudgetKey): BucketState {
    const name = `${key.fingerprint}:${key.bucket}`;
    let state = this.buckets.get(name);
    if (!state) {
      state = { due: 0, rate: this.rate(key), skew: 0, skewAt: 0, sent: [] };
      this.buckets.set(name, state);
    }
    return state;
  }
}
