import type { StripeConnector } from '../connectors/stripe/index.js';
import type { Logger } from '../logging/logger.js';
import type { AgentMessage, JobMessage } from '../protocol/messages.js';
import { execute, type Channel, type OperationsContext } from './executor.js';
import type { Leases, Running } from './leases.js';
import type { Outbox, Pending, StoredResult } from './outbox.js';
import type { UpdateOutcome } from './updater.js';

/** What running jobs needs of the rest of the agent. */
export interface JobPort {
  send(message: AgentMessage): boolean;
  /** Bytes queued on the socket: a search waits when it is high. */
  bufferedAmount(): number;
  /** The connector new jobs start on. */
  connector(): StripeConnector;
  /** A test first looks for a newer connector. */
  checkUpdates(): Promise<UpdateOutcome>;
  /** A job ended or was re-sent: the agent may ask for more work and wake its drain. */
  settled(): void;
  /** For metrics: a job started here, and one ended with its result after `seconds` (not one abandoned by shutdown). */
  started(activity: string): void;
  ended(job: JobMessage, result: StoredResult, seconds: number): void;
}

/**
 * Takes each job the control plane sends: runs it, re-sends a result already in the outbox, or
 * carries on under a new lease a job still running here. Every result is in the outbox, and on
 * disk, before it is sent.
 */
export class Jobs {
  constructor(
    private readonly leases: Leases,
    private readonly outbox: Outbox,
    private readonly operations: OperationsContext,
    private readonly port: JobPort,
    private readonly log: Logger,
  ) {}

  accept(job: JobMessage): void {
    const log = this.log.child({ job: job.jobId, activity: job.activity, object: job.input.object, attempt: job.attempt });
    const done = this.outbox.pending(job.jobId, job.leaseId);
    if (done) {
      log.info('job already finished here; re-sending its result');
      this.outbox.durable(() => this.resend(done));
      return this.port.settled();
    }
    const already = this.leases.get(job.jobId);
    if (already) {
      // Our lease lapsed (a frozen process, a control plane restart) and the job came back to us.
      log.info('job still running here; going on under its new lease');
      already.leaseId = job.leaseId;
      this.outbox.relet(job.jobId, job.leaseId);
      return this.port.settled();
    }
    const entry = this.leases.add(job);
    this.outbox.started(job.jobId, job.leaseId, job.activity);
    log.info('job running');
    this.port.started(job.activity);
    const channel: Channel = {
      sendRecords: (seq, records) => void this.port.send({ type: 'records', jobId: job.jobId, leaseId: entry.leaseId, seq, records }),
      bufferedAmount: () => this.port.bufferedAmount(),
      sendProgress: (counts) => void this.port.send({ type: 'progress', jobId: job.jobId, leaseId: entry.leaseId, ...counts }),
    };
    void this.run(entry, channel, log, Date.now());
  }

  /** Everything finished and not yet acknowledged, after a reconnect or a restart. */
  resendAll(): void {
    const all = this.outbox.allPending();
    this.outbox.durable(() => all.forEach((pending) => this.resend(pending)));
  }

  /** A test first takes any newer connector; every job then runs, start to end, on the connector it started with. */
  private async run(entry: Running, channel: Channel, log: Logger, started: number): Promise<void> {
    const { job } = entry;
    const update = job.activity === 'test' ? await this.port.checkUpdates() : undefined;
    const result = await execute(job, this.port.connector(), this.outbox, channel, entry.controller.signal, this.operations);
    if (update && result.status === 'succeeded') result.result = { ...(result.result as object), connectorUpdate: update };
    this.leases.delete(job.jobId);
    const abandoned = result.error?.code === 'cancelled' && !entry.cancelled;
    if (abandoned) {
      // Stopped by this agent's shutdown, not by anyone's wish: the lease lapses and the job runs again elsewhere.
      this.outbox.resultAcknowledged(job.jobId, entry.leaseId);
      log.warn({ duration: Date.now() - started }, 'job abandoned by shutdown; it goes back to the queue when its lease lapses');
    } else {
      // Sent once it is on disk, under the lease current then.
      this.outbox.finished({ leaseId: entry.leaseId, activity: job.activity, startedAt: started }, result, () => void this.port.send({ type: 'result', leaseId: entry.leaseId, ...result }));
      this.port.ended(job, result, (Date.now() - started) / 1000);
    }
    this.port.settled();
    // Logged last: the line is written after the turn's commit and poll for more work (TurnBatch).
    if (!abandoned) log.info({ status: result.status, code: result.error?.code, duration: Date.now() - started }, 'job finished');
  }

  private resend(pending: Pending): void {
    for (const chunk of pending.records) {
      this.port.send({ type: 'records', jobId: pending.jobId, leaseId: pending.leaseId, seq: chunk.seq, records: chunk.records });
    }
    this.port.send({ type: 'result', leaseId: pending.leaseId, ...pending.result });
  }
}
