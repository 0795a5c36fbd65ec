/**
 * Faults the sandbox injects on demand into `/v1` requests, so that clients can prove their
 * retries: a rate limit, added latency, a share of 500s and of dropped connections, and
 * deterministic counts of the next requests to fail, to drop, or to carry out and then drop.
 */
export interface FaultSettings {
  /** Requests per second per account past which the answer is Stripe's 429 `rate_limit`; 0 = none. */
  rateLimit: number;
  /** Milliseconds added before every answer. */
  latencyMs: number;
  /** Share (0–1) of requests answered with a 500 `api_error`. */
  errorRate: number;
  /** Share (0–1) of requests whose connection is closed without an answer. */
  dropRate: number;
  /** The next N requests are answered with a 500, whatever errorRate says. */
  failNext: number;
  /** The next N requests have their connection closed, whatever dropRate says. */
  dropNext: number;
  /** The next N requests are carried out, then their connection is closed before the answer: a lost response. */
  dropResponseNext: number;
  /** The next N requests get a 429 that says not to retry it (`Stripe-Should-Retry: false`). */
  rateLimitNext: number;
  /** Seconds every 429 asks the client to wait (`Retry-After`); 0 = no header. */
  retryAfter: number;
}

export type Fault = 'drop' | 'drop_response' | 'error' | 'rate_limit' | 'rate_limit_final' | undefined;

const NONE: FaultSettings = { rateLimit: 0, latencyMs: 0, errorRate: 0, dropRate: 0, failNext: 0, dropNext: 0, dropResponseNext: 0, rateLimitNext: 0, retryAfter: 0 };
const LIMITS: Record<keyof FaultSettings, [number, number]> = {
  rateLimit: [0, 1_000_000],
  latencyMs: [0, 60_000],
  errorRate: [0, 1],
  dropRate: [0, 1],
  failNext: [0, 1_000_000],
  dropNext: [0, 1_000_000],
  dropResponseNext: [0, 1_000_000],
  rateLimitNext: [0, 1_000_000],
  retryAfter: [0, 3600],
};

export class Faults {
  private settings: FaultSettings = { ...NONE };
  private readonly recent = new Map<string, number[]>();

  get current(): FaultSettings {
    return { ...this.settings };
  }

  /** Replaces the settings; what is not given goes back to no fault. Throws a message naming a bad field. */
  set(input: Record<string, unknown>): FaultSettings {
    const next: FaultSettings = { ...NONE };
    for (const [key, value] of Object.entries(input)) {
      if (!(key in LIMITS)) throw new Error(`unknown fault '${key}'; the faults are ${Object.keys(LIMITS).join(', ')}`);
      const name = key as keyof FaultSettings;
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      const [min, max] = LIMITS[name];
      if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) {
        throw new Error(`fault '${key}' must be a number from ${min} to ${max}`);
      }
      next[name] = n;
    }
    this.settings = next;
    this.recent.clear();
    return this.current;
  }

  clear(): void {
    this.set({});
  }

  /** Decides the fault for one request of `account`, counting it toward the rate limit. */
  next(account: string, now = Date.now()): Fault {
    const s = this.settings;
    if (s.dropNext > 0) {
      s.dropNext--;
      return 'drop';
    }
    if (s.dropResponseNext > 0) {
      s.dropResponseNext--;
      return 'drop_response';
    }
    if (s.failNext > 0) {
      s.failNext--;
      return 'error';
    }
    if (s.rateLimitNext > 0) {
      s.rateLimitNext--;
      return 'rate_limit_final';
    }
    if (s.dropRate > 0 && Math.random() < s.dropRate) return 'drop';
    if (s.errorRate > 0 && Math.random() < s.errorRate) return 'error';
    if (s.rateLimit > 0) {
      const window = (this.recent.get(account) ?? []).filter((t) => now - t < 1000);
      if (window.length >= s.rateLimit) {
        this.recent.set(account, window);
        return 'rate_limit';
      }
      window.push(now);
      this.recent.set(account, window);
    }
    return undefined;
  }
}
