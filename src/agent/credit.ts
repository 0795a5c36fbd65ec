import type { Logger } from '../logging/logger.js';

/** What the pull loop needs to know of the agent, and how it asks. */
export interface CreditPort {
  /** Jobs running here now. */
  running(): number;
  /** Whether the agent takes work now (connected, welcomed, not draining). */
  accepting(): boolean;
  /** Sends a poll; false when it could not be sent. */
  poll(slots: number): boolean;
}

/**
 * Pull, not push: the agent asks for as many jobs as it has free slots not already asked for, and
 * the control plane never sends more. Asked-for jobs count against the slots until they arrive;
 * a new socket starts from nothing, since the control plane forgets a closed socket's credit.
 */
export class PullCredit {
  private asked = 0;
  private pollSoon = false;

  constructor(
    private readonly concurrency: number,
    private readonly port: CreditPort,
    private readonly log: Logger,
  ) {}

  /** Jobs asked for and not yet received. */
  get outstanding(): number {
    return this.asked;
  }

  /** A new socket, or none: the control plane holds no credit for this agent. */
  reset(): void {
    this.asked = 0;
  }

  /** A job arrived against the credit. */
  received(): void {
    this.asked = Math.max(0, this.asked - 1);
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

  /** Asks for the free slots, if there are any and the agent takes work. */
  poll(): void {
    if (!this.port.accepting()) return;
    const free = this.concurrency - this.port.running() - this.asked;
    if (free <= 0) return;
    if (!this.port.poll(free)) return;
    if (this.asked === 0 && this.port.running() === 0) this.log.debug({ slots: free }, 'asking for work');
    this.asked += free;
  }
}
