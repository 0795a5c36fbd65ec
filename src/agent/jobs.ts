import { ConnectorError, type StripeConnector } from '../connectors/stripe/index.js';
import type { Logger } from '../logging/logger.js';
import type { AgentMessage, JobMessage } from '../protocol/messages.js';
import { execute, failedResult, type Channel, type OperationsContext } from './executor.js';
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

/** Activities that make one Stripe call (retries aside): a job fetched ahead waits for a slot only as long as one of these. */
const ONE_CALL = new Set(['read', 'create', 'update', 'delete']);

/**
 * Takes each job the control plane sends: runs it, re-sends a result already in the outbox, or
 * carries on under a new lease a job still running here. A job that finds every slot busy (it was
 * fetched ahead) waits for the first to free, its lease renewed meanwhile. Every result is in the
 * outbox, and on disk, before it is sent.
 */
export class Jobs {
  /** Running jobs that make one Stripe call. */
  private oneCall = 0;
  /** Jobs fetched ahead, waiting for a slot, first come first started. */
  private held: Array<{ entry: Running; start: () => void }> = [];
  /** Jobs fetched ahead and dropped while the control plane could not hear: given back after the next welcome. */
  private dropped: Array<{ jobId: string; leaseId: string }> = [];

  constructor(
    private readonly concurrency: number,
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
    const free = this.runningCount < this.concurrency;
    const entry = this.leases.add(job);
    const start = () => {
      if (ONE_CALL.has(job.activity)) this.oneCall++;
      this.outbox.started(job.jobId, entry.leaseId, job.activity);
      log.info('job running');
      this.port.started(job.activity);
      const channel: Channel = {
        sendRecords: (seq, records) => void this.port.send({ type: 'records', jobId: job.jobId, leaseId: entry.leaseId, seq, records }),
        bufferedAmount: () => this.port.bufferedAmount(),
        sendProgress: (counts) => void this.port.send({ type: 'progress', jobId: job.jobId, leaseId: entry.leaseId, ...counts }),
      };
      void this.run(entry, channel, log, Date.now());
    };
    if (free) start();
    else {
      log.debug('job fetched ahead; it starts when a slot frees');
      this.held.push({ entry, start });
    }
    this.balance();
  }

  /** Jobs running now: those with a lease here, less those fetched ahead. */
  get runningCount(): number {
    return this.leases.size - this.held.length;
  }

  /** Whether a job fetched now would soon start: none waits, and a slot runs a single Stripe call. */
  prefetchable(): boolean {
    return this.held.length === 0 && this.oneCall > 0;
  }

  /**
   * Every job fetched ahead goes back unstarted, to run elsewhere now. `tell: false` when the
   * control plane cannot hear it (the socket closed, or it refused this agent): they are given
   * back after the next welcome, or their leases lapse; a job never starts on a lease that may
   * have lapsed.
   */
  releaseHeld(why: string, tell = true): void {
    const held = this.held;
    this.held = [];
    for (const { entry } of held) {
      this.leases.delete(entry.job.jobId);
      if (tell) this.port.send({ type: 'release', jobId: entry.job.jobId, leaseId: entry.leaseId });
      else this.dropped.push({ jobId: entry.job.jobId, leaseId: entry.leaseId });
      this.log.info({ job: entry.job.jobId, why }, tell ? 'job fetched ahead given back unstarted' : 'job fetched ahead dropped unstarted; its lease lapses');
    }
    if (held.length > 0) this.port.settled();
  }

  /**
   * After a welcome: jobs dropped meanwhile go back now (their attempts and start undone), if the
   * control plane takes `release` (1.3, it allows a prefetch); else their leases lapse. A lease
   * that lapsed already is no longer current, and the release changes nothing.
   */
  releaseDropped(allowed: boolean): void {
    const dropped = this.dropped;
    this.dropped = [];
    if (allowed) for (const { jobId, leaseId } of dropped) this.port.send({ type: 'release', jobId, leaseId });
  }

  /** The control plane cancelled a job (its lease aborted): one still waiting for a slot ends now, cancelled, without starting. */
  cancelled(jobId: string): void {
    const at = this.held.findIndex((h) => h.entry.job.jobId === jobId);
    if (at < 0) return;
    const { entry } = this.held.splice(at, 1)[0]!;
    this.leases.delete(jobId);
    const result = failedResult(entry.job, this.port.connector(), new ConnectorError('cancelled', 'The activity was cancelled before it started.').toJSON());
    this.report(entry, result, Date.now());
    this.log.info({ job: jobId, status: result.status, code: 'cancelled' }, 'job finished');
    this.port.settled();
  }

  /** A job fetched ahead waits only behind a single Stripe call: when every slot runs longer work, it goes back. */
  private balance(): void {
    if (this.held.length > 0 && this.runningCount >= this.concurrency && this.oneCall === 0) this.releaseHeld('every slot runs a longer job');
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
    if (ONE_CALL.has(job.activity)) this.oneCall--;
    if (this.runningCount < this.concurrency) this.held.shift()?.start();
    this.balance();
    const abandoned = result.error?.code === 'cancelled' && !entry.cancelled;
    if (abandoned) {
      // Stopped by this agent's shutdown, not by anyone's wish: the lease lapses and the job runs again elsewhere.
      this.outbox.resultAcknowledged(job.jobId, entry.leaseId);
      log.warn({ duration: Date.now() - started }, 'job abandoned by shutdown; it goes back to the queue when its lease lapses');
    } else {
      this.report(entry, result, started);
      this.port.ended(job, result, (Date.now() - started) / 1000);
    }
    this.port.settled();
    // Logged last: the line is written after the turn's commit and poll for more work (TurnBatch).
    if (!abandoned) log.info({ status: result.status, code: result.error?.code, duration: Date.now() - started }, 'job finished');
  }

  /** Keeps the result in the outbox, and sends it once it is on disk, under the job's lease then. */
  private report(entry: Running, result: StoredResult, startedAt: number): void {
    this.outbox.finished({ leaseId: entry.leaseId, activity: entry.job.activity, startedAt }, result, () => void this.port.send({ type: 'result', leaseId: entry.leaseId, ...result }));
  }

  private resend(pending: Pending): void {
    for (const chunk of pending.records) {
      this.port.send({ type: 'records', jobId: pending.jobId, leaseId: pending.leaseId, seq: chunk.seq, records: chunk.records });
    }
    this.port.send({ type: 'result', leaseId: pending.leaseId, ...pending.result });
  }
}
