/**
 * A token bucket per agent socket: each message spends one token, tokens come back at a steady
 * rate up to a burst. A well-behaved agent (even 500 jobs a second, two messages each) stays far
 * inside it; a peer that floods is cut off before it can starve the others of the event loop.
 */
export class PeerBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst = 4000,
    private readonly perSecond = 2000,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Spends one token; false when there is none left. */
  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
