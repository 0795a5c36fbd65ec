import type { AgentMessage, JobMessage } from '../protocol/messages.js';

/** A job this agent runs now, or holds, fetched ahead, until a slot frees. */
export interface Running {
  job: JobMessage;
  /** The current lease: a new one replaces it when the job comes back while still running here. */
  leaseId: string;
  controller: AbortController;
  /** Set when the control plane cancelled it (as opposed to this agent stopping). */
  cancelled: boolean;
}

/**
 * The jobs here (running, or fetched ahead) and the heartbeat loop that renews their leases:
 * every interval the control plane was asked for, one heartbeat lists them all. Told nothing of
 * sockets beyond a `send` that may fail while disconnected (the next beat tries again).
 */
export class Leases {
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly send: (message: AgentMessage) => boolean) {}

  get size(): number {
    return this.running.size;
  }

  get(jobId: string): Running | undefined {
    return this.running.get(jobId);
  }

  add(job: JobMessage): Running {
    const entry: Running = { job, leaseId: job.leaseId, controller: new AbortController(), cancelled: false };
    this.running.set(job.jobId, entry);
    return entry;
  }

  delete(jobId: string): void {
    this.running.delete(jobId);
  }

  /** The control plane cancelled a job: stop it, and remember that it was not this agent's doing. */
  cancel(jobId: string): boolean {
    const entry = this.running.get(jobId);
    if (!entry) return false;
    entry.cancelled = true;
    entry.controller.abort();
    return true;
  }

  /** Stops every running job at once (a forced stop); their leases lapse and they run elsewhere. */
  abortAll(): void {
    for (const entry of this.running.values()) entry.controller.abort();
  }

  /** (Re)starts the heartbeat loop at the interval the control plane asked for. */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.beat(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private beat(): void {
    this.send({ type: 'heartbeat', leases: [...this.running.values()].map((r) => ({ jobId: r.job.jobId, leaseId: r.leaseId })) });
  }
}
