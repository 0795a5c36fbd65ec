import { readFileSync } from 'node:fs';
import { schedule, validate as validCron, type ScheduledTask } from 'node-cron';
import { BundleError, trustedKey } from '../connectors/bundle.js';
import { createConnector, type ConnectorOptions } from '../connectors/stripe/index.js';
import type { Logger } from '../logging/logger.js';
import { PROTOCOL_VERSION, type ControlMessage, type JobMessage } from '../protocol/messages.js';
import { execute, type Channel } from './executor.js';
import type { AgentOptions } from './options.js';
import { Outbox, type Pending } from './outbox.js';
import { connectionProxy, ProxySettings } from './proxy.js';
import { agentUrl, Session } from './session.js';
import { Updater } from './updater.js';

export type AgentState = 'STARTING' | 'RUNNING' | 'DRAINING' | 'STOPPED';

interface Running {
  job: JobMessage;
  /** The current lease: a new one replaces it when the job comes back while still running here. */
  leaseId: string;
  controller: AbortController;
  /** Set when the control plane cancelled it (as opposed to this agent stopping). */
  cancelled: boolean;
}

/**
 * The agent: one session to the control plane, a pull loop that asks for as many jobs as it has
 * free slots, an executor per job, heartbeats that renew the leases, and the outbox that makes
 * every result survive a crash until the control plane acknowledged it.
 */
export class Agent {
  private state: AgentState = 'STARTING';
  private readonly outbox: Outbox;
  private readonly session: Session;
  private readonly updater: Updater;
  private cron: ScheduledTask | undefined;
  /** The organization's Disable Auto Connector Update policy, as the control plane last said. */
  private updatesDisabled = false;
  private readonly running = new Map<string, Running>();
  /** Jobs asked for and not yet received. */
  private asked = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private heartbeatMs = 10_000;
  private sessionDone: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private readonly idle = new Set<() => void>();

  private readonly log: Logger;

  constructor(
    private readonly options: AgentOptions,
    log: Logger,
    private readonly version: string,
  ) {
    this.outbox = new Outbox(options.dataDir);
    this.log = log.child({ agent: options.name });
    const proxy = ProxySettings.resolve(options.proxy);
    const limit = options.stripeRateLimit;
    const connectorOptions: ConnectorOptions = {
      proxyFor: connectionProxy(proxy),
      ...(limit ? { rateLimits: { test: limit, live: limit, search: limit } } : {}),
    };
    const url = agentUrl(options.controlPlane);
    if (!validCron(options.connectors.updateSchedule)) {
      throw new BundleError(`connectors.updateSchedule '${options.connectors.updateSchedule}' is not a cron expression`);
    }
    this.updater = new Updater(createConnector(connectorOptions), {
      dataDir: options.dataDir,
      controlPlane: options.controlPlane,
      token: options.token,
      trustedKeys: options.connectors.trustedKeys.map((file) => trustedKey(readFileSync(file, 'utf8'), file)),
      ...(options.connectors.stripeVersions ? { versions: options.connectors.stripeVersions } : {}),
      ...(proxy && proxy.proxyFor(url) ? { httpAgent: proxy.agent } : {}),
      connectorOptions,
      log: this.log,
    });
    this.session = new Session(url, options.token, proxy && { agent: proxy.agent, label: proxy.describe(url) }, {
      onOpen: () => this.hello(),
      onMessage: (m) => this.onMessage(m),
      onClose: () => this.onClose(),
    }, this.log);
  }

  get id(): string {
    return this.outbox.agentId;
  }

  start(): void {
    this.state = 'RUNNING';
    this.log.info({ agent: this.id, name: this.options.name, concurrency: this.options.concurrency }, 'agent starting');
    this.sessionDone = this.updater.loadInstalled().then(() => this.session.run());
    this.cron = schedule(this.options.connectors.updateSchedule, () => void this.checkUpdates());
  }

  /** Looks for a newer connector (unless the policy forbids) and tells the control plane what runs now. */
  private async checkUpdates() {
    const outcome = await this.updater.check(this.updatesDisabled);
    this.reportConnectors();
    return outcome;
  }

  private reportConnectors(): void {
    const error = this.updater.lastError;
    this.session.send({ type: 'connectors', connectors: { stripe: this.updater.version }, ...(error ? { error } : {}) });
  }

  /**
   * Graceful: ask for no more work, let running jobs finish (heartbeats go on), wait for the
   * outbox to be acknowledged, then close; bounded by the drain deadline.
   */
  stop(): Promise<void> {
    this.stopping ??= this.drain();
    return this.stopping;
  }

  /**
   * Forced: cancel the running jobs and drop the connection without waiting for them. Their
   * leases lapse and they run again elsewhere, with the same idempotency keys; what is in the
   * outbox stays for the next start.
   */
  abort(): void {
    this.state = 'STOPPED';
    void this.cron?.stop();
    for (const r of this.running.values()) r.controller.abort();
    clearInterval(this.heartbeat);
    this.session.stop();
    this.log.warn({ running: this.running.size }, 'agent stopped at once; running jobs abandoned');
  }

  private async drain(): Promise<void> {
    this.state = 'DRAINING';
    const deadline = Date.now() + this.options.drainMs;
    this.log.info({ running: this.running.size, outbox: this.outbox.size() }, 'agent draining');
    await this.until(() => this.running.size === 0 && (this.outbox.size() === 0 || !this.session.open), deadline);
    if (this.running.size > 0 || this.outbox.size() > 0) {
      this.log.warn({ running: this.running.size, outbox: this.outbox.size() }, 'drain deadline reached; unacknowledged results stay in the outbox for the next start');
    }
    this.state = 'STOPPED';
    clearInterval(this.heartbeat);
    await this.cron?.stop();
    this.session.stop();
    await this.sessionDone;
    this.outbox.close();
    this.log.info('agent stopped');
  }

  private hello(): void {
    this.asked = 0;
    this.session.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      agentId: this.id,
      name: this.options.name,
      version: this.version,
      connectors: { stripe: this.updater.version },
      concurrency: this.options.concurrency,
    });
  }

  private onMessage(message: ControlMessage): void {
    switch (message.type) {
      case 'welcome':
        this.updatesDisabled = message.settings.disableAutoConnectorUpdate;
        this.reportConnectors();
        this.heartbeatMs = message.settings.heartbeatMs;
        this.session.setHeartbeat(this.heartbeatMs);
        clearInterval(this.heartbeat);
        this.heartbeat = setInterval(() => this.sendHeartbeat(), this.heartbeatMs);
        for (const pending of this.outbox.allPending()) this.resend(pending);
        this.poll();
        return this.log.info({ group: message.group, asked: this.asked }, 'ready for work');
      case 'refused':
        return this.log.error({ reason: message.reason }, 'the control plane refused this agent');
      case 'job':
        this.asked = Math.max(0, this.asked - 1);
        return this.accept(message);
      case 'ack':
        if (message.seq !== undefined) this.outbox.recordsAcknowledged(message.jobId, message.seq);
        else {
          this.outbox.resultAcknowledged(message.jobId);
          if (!message.accepted) this.log.warn({ job: message.jobId, reason: message.reason }, 'result refused by the control plane');
        }
        return this.wakeIdle();
      case 'cancel': {
        const running = this.running.get(message.jobId);
        if (running) {
          this.log.info({ job: message.jobId }, 'job cancelled by the control plane');
          running.cancelled = true;
          running.controller.abort();
        }
        return;
      }
      case 'policy':
        this.updatesDisabled = message.disableAutoConnectorUpdate;
        return this.log.info({ disableAutoConnectorUpdate: message.disableAutoConnectorUpdate }, 'organization policy changed');
      case 'check-updates':
        return void this.checkUpdates();
    }
  }

  private accept(job: JobMessage): void {
    const log = this.log.child({ job: job.jobId, activity: job.activity, object: job.input.object, attempt: job.attempt });
    const done = this.outbox.pending(job.jobId, job.leaseId);
    if (done) {
      log.info('job already finished here; re-sending its result');
      this.resend(done);
      return this.poll();
    }
    const already = this.running.get(job.jobId);
    if (already) {
      // Our lease lapsed (a frozen process, a control plane restart) and the job came back to us.
      log.info('job still running here; going on under its new lease');
      already.leaseId = job.leaseId;
      this.outbox.relet(job.jobId, job.leaseId);
      return this.poll();
    }
    const entry: Running = { job, leaseId: job.leaseId, controller: new AbortController(), cancelled: false };
    this.running.set(job.jobId, entry);
    this.outbox.started(job.jobId, job.leaseId, job.activity);
    const started = Date.now();
    log.info('job running');
    const channel = {
      sendRecords: (seq: number, records: Record<string, unknown>[]) =>
        void this.session.send({ type: 'records', jobId: job.jobId, leaseId: entry.leaseId, seq, records }),
      bufferedAmount: () => this.session.bufferedAmount,
    };
    void this.runJob(entry, channel, log, started);
  }

  /** A test first takes any newer connector; every job then runs, start to end, on the connector it started with. */
  private async runJob(entry: Running, channel: Channel, log: Logger, started: number): Promise<void> {
    const { job } = entry;
    const update = job.activity === 'test' ? await this.checkUpdates() : undefined;
    const result = await execute(job, this.updater.connector, this.outbox, channel, entry.controller.signal);
    if (update && result.status === 'succeeded') result.result = { ...(result.result as object), connectorUpdate: update };
    this.running.delete(job.jobId);
    if (result.error?.code === 'cancelled' && !entry.cancelled) {
      // Stopped by this agent's shutdown, not by anyone's wish: the lease lapses and the job runs again elsewhere.
      this.outbox.resultAcknowledged(job.jobId);
      log.warn({ duration: Date.now() - started }, 'job abandoned by shutdown; it goes back to the queue when its lease lapses');
    } else {
      this.outbox.finished(result);
      log.info({ status: result.status, code: result.error?.code, duration: Date.now() - started }, 'job finished');
      this.session.send({ type: 'result', leaseId: entry.leaseId, ...result });
    }
    this.wakeIdle();
    this.poll();
  }

  private resend(pending: Pending): void {
    for (const chunk of pending.records) {
      this.session.send({ type: 'records', jobId: pending.jobId, leaseId: pending.leaseId, seq: chunk.seq, records: chunk.records });
    }
    this.session.send({ type: 'result', leaseId: pending.leaseId, ...pending.result });
  }

  /** Asks for as many jobs as there are free slots not already asked for. */
  private poll(): void {
    if (this.state !== 'RUNNING' || !this.session.open) return;
    const free = this.options.concurrency - this.running.size - this.asked;
    if (free <= 0) return;
    if (!this.session.send({ type: 'poll', slots: free })) return;
    if (this.asked === 0 && this.running.size === 0) this.log.debug({ slots: free }, 'asking for work');
    this.asked += free;
  }

  private sendHeartbeat(): void {
    this.session.send({ type: 'heartbeat', leases: [...this.running.values()].map((r) => ({ jobId: r.job.jobId, leaseId: r.leaseId })) });
  }

  private onClose(): void {
    clearInterval(this.heartbeat);
    this.asked = 0;
    this.wakeIdle();
  }

  private wakeIdle(): void {
    for (const wake of this.idle) wake();
  }

  /** Resolves when `done()` holds, re-checked on every job end, acknowledgement or disconnect. */
  private async until(done: () => boolean, deadline: number): Promise<void> {
    while (!done() && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, Math.min(1000, deadline - Date.now())));
        const wake = () => {
          clearTimeout(timer);
          this.idle.delete(wake);
          resolve();
        };
        this.idle.add(wake);
      });
    }
  }
}
