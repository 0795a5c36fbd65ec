/**
 * Exponential back-off with full jitter (a random wait between 0 and the ceiling), the ceiling
 * doubling from `baseMs` to `capMs`; a connection that stayed healthy for `resetAfterMs` starts
 * over from the bottom.
 */
export class Backoff {
  private failures = 0;
  private healthySince: number | undefined;

  constructor(
    private readonly baseMs = 1_000,
    private readonly capMs = 60_000,
    private resetAfterMs = 60_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** From now on a connection up for `ms` counts as healthy. */
  healthyAfter(ms: number): void {
    this.resetAfterMs = ms;
  }

  /** The connection is up. */
  connected(now = Date.now()): void {
    this.healthySince = now;
  }

  /** The connection is down (or never came up): how long to wait before the next try. */
  nextDelay(now = Date.now()): number {
    if (this.healthySince !== undefined && now - this.healthySince >= this.resetAfterMs) this.failures = 0;
    this.healthySince = undefined;
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** this.failures);
    this.failures++;
    return Math.floor(this.random() * ceiling);
  }
}
