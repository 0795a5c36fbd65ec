import type { Logger } from '../logging/logger.js';

/** What the pull loop needs to know of the agent, and how it asks. */
export interface CreditPort {
  /** Jobs here now: running, and any fetched ahead waiting for a slot. */
  here(): number;
  /** Whether the agent takes work now (connected, welcomed, not draining). */
  accepting(): boolean;
  /** Whether a job fetched ahead would soon find a slot (Jobs.prefetchable). */
  prefetchable(): boolean;
  /** Sends a poll; false when it could not be sent. */
  poll(slots: number, prefetch: boolean): boolean;
}

/**
 * Pull, not push: the agent asks for as many jobs as it has free slots not already asked for, and
 * the control plane never sends more. Asked-for jobs count against the slots until they arrive;
 * a new socket starts from nothing, since the control plane forgets a closed socket's credit.
 * Beyond its slots it asks for as many jobs as the control plane's welcome allows (`prefetch`):
 * the next job is then here when a slot frees, not a round trip away. The control plane keeps the
 * two credits apart and says which one each job spent, so both ends count alike.
 */
export class PullCredit {
  private asked = 0;
  private askedAhead = 0;
  private pollSoon = false;
  private prefetch = 0;

  constructor(
    private readonly concurrency: number,
    private readonly port: CreditPort,
    private readonly log: Logger,
  ) {}

  /** Jobs asked for and not yet received. */
  get outstanding(): number {
    return this.asked + this.askedAhead;
  }

  /** A new socket, or none: the control plane holds no credit for this agent. */
  reset(): void {
    this.asked = 0;
    this.askedAhead = 0;
  }

  /** Jobs the control plane lets this agent hold beyond its slots (its welcome says, within a heartbeat's bound; an older one, none). */
  allowPrefetch(jobs: number): void {
    this.prefetch = jobs;
  }

  /** A job arrived against the credit, or against the prefetch credit. */
  received(prefetch = false): void {
    if (prefetch) this.askedAhead = Math.max(0, this.askedAhead - 1);
    else this.asked = Math.max(0, this.asked - 1);
  }

  /** Asks once this turn of the event loop is over: jobs that end in the same turn ask together, in one message. */
  soon(): void {
    if (this.pollSoon) return;
    this.pollSoon = true;
    setImmediate(() => {
      this.pollSoon = false;
      this.poll();
    });
  }

  /** Asks for the free slots, if there are any and the agent takes work, then for jobs ahead, if it may. */
  poll(): void {
    if (!this.port.accepting()) return;
    const here = this.port.here();
    const free = this.concurrency - here - this.asked;
    if (free > 0 && !this.ask(free, false)) return;
    // Jobs here or asked for never exceed the slots and the prefetch together.
    const ahead = Math.min(this.prefetch - this.askedAhead, this.concurrency + this.prefetch - here - this.asked - this.askedAhead);
    if (ahead > 0 && this.port.prefetchable()) this.ask(ahead, true);
  }

  private ask(slots: number, prefetch: boolean): boolean {
    if (!this.port.poll(slots, prefetch)) return false;
    if (this.outstanding === 0 && this.port.here() === 0) this.log.debug({ slots }, 'asking for work');
    if (prefetch) this.askedAhead += slots;
    else this.asked += slots;
    return true;
  }
}
