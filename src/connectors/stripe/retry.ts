import { setTimeout as sleep } from 'node:timers/promises';
import { classify, ConnectorError } from './errors.js';

/** How often and how long a call is retried; whether an error is worth retrying is errors.ts's call. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first back-off's ceiling; it doubles with each attempt. */
  baseMs: number;
  /** The largest back-off. */
  capMs: number;
  /** No retry starts after this much time since the first attempt. */
  totalMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 500, capMs: 8_000, totalMs: 60_000 };

/**
 * For a call a person waits on (a connection Test): a refused connection or a dead proxy is
 * reported within 2 s instead of after a job's minute of retries.
 */
export function interactive(policy: RetryPolicy): RetryPolicy {
  return { attempts: Math.min(policy.attempts, 3), baseMs: Math.min(policy.baseMs, 100), capMs: Math.min(policy.capMs, 400), totalMs: Math.min(policy.totalMs, 1_500) };
}

/**
 * Runs `call` until it succeeds, fails with an error that retrying cannot fix, or the policy is
 * spent. Back-off is exponential with full jitter, and never shorter than Stripe's Retry-After.
 * `call` learns the attempt number. A rate limit that outlasts the policy is thrown as it is:
 * the caller decides what it means (the control plane queues the job again, later).
 */
export async function withRetries<T>(call: (attempt: number) => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    throwIfCancelled(signal);
    try {
      return await call(attempt);
    } catch (e) {
      const error = classify(e);
      const delay = Math.max(error.retryAfterMs ?? 0, Math.random() * Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1)));
      const spent = attempt >= policy.attempts || Date.now() - started + delay > policy.totalMs;
      if (!error.retryable || spent) throw error;
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        throwIfCancelled(signal);
      }
    }
  }
}

/**
 * How long to hold back work whose retries all met Stripe's rate limit before it runs again (a
 * job back in the queue, an operation's record): Stripe's Retry-After where it gave one, else a
 * back-off that doubles with each return (1 s to 1 min), jittered so that the work held back
 * together does not come back together.
 */
export function throttleDelay(returns: number, retryAfterMs?: number): number {
  const ceiling = Math.min(60_000, 1000 * 2 ** returns);
  return Math.max(retryAfterMs ?? 0, ceiling / 2 + (Math.random() * ceiling) / 2);
}

export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ConnectorError('cancelled', 'The activity was cancelled before it finished.');
}
