import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { trustedKey } from '../connectors/bundle.js';
import { createConnector, type ConnectorOptions } from '../connectors/stripe/index.js';
import type { Logger } from '../logging/logger.js';
import { PROTOCOL_VERSION, type AckMessage, type ControlMessage } from '../protocol/messages.js';
import { isSample } from '../protocol/operations.js';
import { PullCredit } from './credit.js';
import { Jobs } from './jobs.js';
import { Leases } from './leases.js';
import type { AgentMetrics } from './metrics.js';
import { Lifecycle, type AgentState } from './lifecycle.js';
import type { AgentOptions } from './options.js';
import { Checkpoints } from './operations/checkpoints.js';
import { FilesRoots, logRootStatus } from './operations/roots.js';
import { runOutcome } from './operations/outcome.js';
import { Outbox } from './outbox.js';
import { connectionProxy, ProxySettings } from './proxy.js';
import { GroupRateBudget } from './rate-budget.js';
import { agentUrl, ControlPlaneSession } from './session.js';
import { UpdateSchedule } from './update-schedule.js';
import { Updater } from './updater.js';
import { stopOnSyncFailure } from '../db/wal-sync.js';


/**
 * The agent: wires one session to the control plane, the pull credit, the running jobs and their
 * heartbeat, the connector-update schedule and the outbox that makes every result survive a
 * crash until the control plane acknowledged it; and dispatches each control message to its part.
 */
export class Agent {
  readonly lifecycle = new Lifecycle();
  private readonly outbox: Outbox;
  private readonly session: ControlPlaneSession;
  private readonly updater: Updater;
  private readonly updates: UpdateSchedule;
  private readonly leases: Leases;
  private readonly credit: PullCredit;
  private readonly jobs: Jobs;
  /** Only with --metrics-addr: prom-client is loaded for nothing else. */
  private metrics: AgentMetrics | undefined;
  /** This agent's shares of the group's Stripe budgets. */
  private readonly budget = new GroupRateBudget((m) => this.session.send(m));
  private sessionDone: Promise<void> | undefined;
  /** The connector installed earlier, loaded (or not) at start; hello waits for it, since it names the version. */
  private installed: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  private refusal: ((reason: string) => void) | undefined;
  /** The control plane ordered a drain (not a shutdown): a resume undoes it. */
  private drainOrdered = false;
  private drainedReported = false;
  /** Resolves with the reason when the control plane refused this agent for good; the agent has then stopped. */
  readonly refused = new Promise<string>((resolve) => (this.refusal = resolve));
  private readonly idle = new Set<() => void>();
  private readonly log: Logger;
  private readonly roots: FilesRoots;
  private readonly checkpoints: Checkpoints;

  constructor(
    private readonly options: AgentOptions,
    log: Logger,
    private readonly version: string,
  ) {
    this.log = log.child({ agent: options.name });
    this.outbox = new Outbox(options.dataDir, stopOnSyncFailure(this.log));
    this.roots = new FilesRoots(options.filesRoots ?? {});
    this.checkpoints = new Checkpoints(this.outbox.database);
    const proxy = ProxySettings.resolve(options.proxy);
    const limit = options.stripeRateLimit;
    const connectorOptions: ConnectorOptions = {
      proxyFor: connectionProxy(proxy),
      budget: this.budget,
      onResponse: (status) => {
        this.budget.answered(status);
        this.metrics?.stripeRequests.inc({ status: String(status) });
      },
      ...(limit ? { rateLimits: { test: limit, live: limit, search: limit } } : {}),
    };
    const url = agentUrl(options.controlPlane);
    const ca = options.caFile ? [...rootCertificates, readCa(options.caFile)] : undefined;
    this.updater = new Updater(createConnector(connectorOptions), {
      dataDir: options.dataDir,
      controlPlane: options.controlPlane,
      token: options.token,
      trustedKeys: options.connectors.trustedKeys.map((file) => trustedKey(readFileSync(file, 'utf8'), file)),
      ...(options.connectors.stripeVersions ? { versions: options.connectors.stripeVersions } : {}),
      ...(proxy && proxy.proxyFor(url) ? { httpAgent: proxy.agent } : {}),
      ...(ca ? { ca } : {}),
      connectorOptions,
      log: this.log,
    });
    this.session = new ControlPlaneSession(url, options.token, proxy && { agent: proxy.agent, label: proxy.describe(url) }, ca, {
      onDial: () => this.metrics?.connectAttempts.inc(),
      onOpen: () => void this.installed.then(() => this.hello()),
      onMessage: (m) => this.onMessage(m),
      onClose: () => this.onClose(),
      onUnauthorized: () => this.fail('the agent token was refused (revoked, or of no group)'),
    }, this.log);
    const send = this.session.send.bind(this.session);
    this.updates = new UpdateSchedule(this.updater, options.connectors.updateSchedule, send);
    this.leases = new Leases(send);
    this.credit = new PullCredit(options.concurrency, {
      here: () => this.leases.size,
      accepting: () => this.lifecycle.state === 'ready' && this.session.open,
      prefetchable: () => this.jobs.prefetchable(),
      poll: (slots, prefetch) => send(prefetch ? { type: 'poll', slots, prefetch } : { type: 'poll', slots }),
    }, this.log);
    this.jobs = new Jobs(options.concurrency, this.leases, this.outbox, { roots: this.roots, checkpoints: this.checkpoints }, {
      send,
      bufferedAmount: () => this.session.bufferedAmount,
      connector: () => this.updater.connector,
      checkUpdates: () => this.updates.check(),
      settled: () => {
        this.wakeIdle();
        this.credit.soon();
      },
      started: (activity) => {
        this.metrics?.jobsStarted.inc({ activity });
        // Every slot may be busy now: the next job can be fetched ahead.
        this.credit.soon();
      },
      ended: ({ activity, input }, result, seconds) => {
        this.metrics?.jobsEnded.inc({ activity, status: result.status });
        this.metrics?.jobDuration.observe({ activity }, seconds);
        if (activity === 'operation' && !isSample(input)) this.metrics?.operationRuns.inc({ status: runOutcome(result) });
      },
    }, this.log);
  }

  private snapshot() {
    const oldest = this.outbox.oldestFinishedAt();
    return {
      state: this.lifecycle.state,
      connected: this.session.open,
      slotsUsed: this.jobs.runningCount,
      slots: this.options.concurrency,
      outboxSize: this.outbox.size(),
      outboxOldestSeconds: oldest === undefined ? 0 : (Date.now() - oldest) / 1000,
      connectorVersion: this.updater.version,
    };
  }

  get id(): string {
    return this.outbox.agentId;
  }

  get state(): AgentState {
    return this.lifecycle.state;
  }

  start(): void {
    this.lifecycle.onChange((state) => {
      this.log.info({ state }, 'agent state');
      this.session.send({ type: 'state', state });
    });
    this.lifecycle.to('connecting');
    const counting = this.options.metricsAddr ? this.serveMetrics(this.options.metricsAddr) : Promise.resolve();
    this.log.info({ agent: this.id, name: this.options.name, concurrency: this.options.concurrency }, 'agent starting');
    logRootStatus(this.roots, this.log);
    // Dial while the installed connector is verified and loaded: only hello needs its version.
    this.installed = this.updater.loadInstalled().catch((e: unknown) => {
      this.log.warn({ reason: (e as Error).message }, 'installed connectors cannot be read; the built-in one runs');
    });
    // Dial once the metrics count, so that they see every attempt.
    this.sessionDone = counting.then(() => this.session.run());
    this.updates.start();
  }

  private async serveMetrics(addr: string): Promise<void> {
    const { AgentMetrics } = await import('./metrics.js');
    this.metrics = new AgentMetrics(() => this.snapshot());
    void this.metrics.listen(addr).then(
      (bound) => this.log.info({ addr: bound }, 'metrics and health listening'),
      (e: unknown) => this.log.error({ addr, err: (e as Error).message }, 'metrics and health cannot listen; the agent runs without them'),
    );
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
    this.lifecycle.to('stopped');
    void this.updates.stop();
    this.jobs.releaseHeld('the agent stops at once');
    this.leases.abortAll();
    this.leases.stop();
    this.session.stop();
    this.log.warn({ running: this.leases.size }, 'agent stopped at once; running jobs abandoned');
  }

  private async drain(): Promise<void> {
    this.lifecycle.to('draining');
    this.jobs.releaseHeld('the agent stops');
    const deadline = Date.now() + this.options.drainMs;
    this.log.info({ running: this.leases.size, outbox: this.outbox.size() }, 'agent draining');
    await this.until(() => this.leases.size === 0 && (this.outbox.size() === 0 || !this.session.open), deadline);
    if (this.leases.size > 0 || this.outbox.size() > 0) {
      this.log.warn({ running: this.leases.size, outbox: this.outbox.size() }, 'drain deadline reached; unacknowledged results stay in the outbox for the next start');
    }
    this.lifecycle.to('stopped');
    this.leases.stop();
    await this.updates.stop();
    this.session.stop();
    await this.sessionDone;
    this.metrics?.close();
    this.outbox.close();
    this.log.info('agent stopped');
  }

  private hello(): void {
    this.metrics?.connects.inc();
    this.credit.reset();
    this.session.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      agentId: this.id,
      name: this.options.name,
      version: this.version,
      connectors: { stripe: this.updater.version },
      roots: this.roots.usable(),
      concurrency: this.options.concurrency,
    });
  }

  private onMessage(message: ControlMessage): void {
    switch (message.type) {
      case 'welcome':
        this.updates.setPolicy(message.settings.disableAutoConnectorUpdate);
        this.updates.report();
        this.session.setHeartbeat(message.settings.heartbeatMs);
        this.leases.start(message.settings.heartbeatMs);
        const prefetch = message.settings.prefetch ?? 0;
        this.credit.allowPrefetch(prefetch);
        this.jobs.releaseDropped(prefetch > 0);
        this.jobs.resendAll();
        // A reconnect while draining stays draining; the control plane hears the state either way.
        if (this.lifecycle.state === 'connecting') this.lifecycle.to('ready');
        else this.session.send({ type: 'state', state: this.lifecycle.state });
        this.drainedReported = false;
        this.reportDrained();
        this.budget.connected();
        this.credit.poll();
        return this.log.info({ group: message.group, asked: this.credit.outstanding }, 'ready for work');
      case 'refused':
        return this.fail(message.reason);
      case 'job':
      case 'jobs':
        for (const job of message.type === 'job' ? [message] : message.jobs) {
          this.credit.received(job.prefetch === true);
          this.jobs.accept({ type: 'job', ...job });
        }
        // Fetched ahead before a drain and arrived after it: it goes back.
        if (this.lifecycle.state === 'draining') this.jobs.releaseHeld('the agent drains');
        return;
      case 'ack':
        this.acknowledged(message);
        return this.wakeIdle();
      case 'acks':
        for (const ack of message.acks) this.acknowledged(ack);
        return this.wakeIdle();
      case 'cancel':
        if (!this.leases.cancel(message.jobId)) return;
        this.log.info({ job: message.jobId }, 'job cancelled by the control plane');
        return this.jobs.cancelled(message.jobId);
      case 'policy':
        this.updates.setPolicy(message.disableAutoConnectorUpdate);
        return this.log.info({ disableAutoConnectorUpdate: message.disableAutoConnectorUpdate }, 'organization policy changed');
      case 'check-updates':
        return void this.updates.check();
      case 'drain':
        this.drainOrdered = true;
        // The control plane drops the credit of a drained agent and ignores its polls: a resume asks afresh.
        this.credit.reset();
        this.jobs.releaseHeld('the agent drains');
        if (this.lifecycle.to('draining')) this.log.info({ running: this.leases.size }, 'draining by order of the control plane');
        return this.reportDrained();
      case 'resume':
        if (!this.drainOrdered || this.stopping) return;
        this.drainOrdered = false;
        this.drainedReported = false;
        this.lifecycle.to('ready');
        this.log.info('resumed by the control plane');
        return this.credit.poll();
      case 'rates':
        return this.budget.onRates(message);
    }
  }

  /** The control plane has a chunk or a result: the outbox forgets it. */
  private acknowledged(ack: Omit<AckMessage, 'type'>): void {
    if (ack.seq !== undefined) return this.outbox.recordsAcknowledged(ack.jobId, ack.seq);
    this.outbox.resultAcknowledged(ack.jobId, ack.leaseId);
    if (!ack.accepted) this.log.warn({ job: ack.jobId, reason: ack.reason }, 'result refused by the control plane');
  }

  /** Refused for good: retrying would only repeat it, so stop everything and say why. */
  private fail(reason: string): void {
    if (!this.lifecycle.to('failed')) return;
    this.log.error({ reason }, 'the control plane refused this agent; it stops and is not restarted');
    void this.updates.stop();
    this.jobs.releaseHeld('the control plane refused this agent', false);
    this.leases.abortAll();
    this.leases.stop();
    this.session.stop();
    void this.sessionDone?.then(() => {
      this.outbox.close();
      this.refusal?.(reason);
    });
  }

  private onClose(): void {
    this.jobs.releaseHeld('the connection to the control plane dropped', false);
    this.lifecycle.to('connecting');
    this.leases.stop();
    this.credit.reset();
    this.budget.disconnected();
    this.wakeIdle();
  }

  private wakeIdle(): void {
    for (const wake of this.idle) wake();
    this.reportDrained();
  }

  /** Once a drain has nothing left running or unacknowledged, the control plane hears it is drained. */
  private reportDrained(): void {
    if (this.lifecycle.state !== 'draining' || this.drainedReported || this.leases.size > 0 || this.outbox.size() > 0) return;
    this.drainedReported = this.session.send({ type: 'state', state: 'draining', drained: true });
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

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`the CA file ${file} cannot be read: ${(e as Error).message}`);
  }
}
