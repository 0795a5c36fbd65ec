import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AGENT_STATES, type AgentState } from './lifecycle.js';

/** What the agent's gauges and readiness read when scraped. */
export interface AgentSnapshot {
  state: AgentState;
  connected: boolean;
  slotsUsed: number;
  slots: number;
  outboxSize: number;
  /** Age of the oldest result not yet acknowledged, in seconds (0 when none). */
  outboxOldestSeconds: number;
  connectorVersion: string;
}

/** Past this, an unacknowledged result means the outbox is stuck and the agent is not ready. */
const STUCK_OUTBOX_SECONDS = 300;

/**
 * The agent's Prometheus metrics (prom-client, text format) and its health: /healthz says the
 * process is up, /readyz that it is connected, welcomed and its outbox is moving. Served only on
 * --metrics-addr; nothing listens by default.
 */
export class AgentMetrics {
  readonly registry = new Registry();
  readonly jobsStarted: Counter<'activity'>;
  readonly jobsEnded: Counter<'activity' | 'status'>;
  readonly jobDuration: Histogram<'activity'>;
  readonly operationRuns: Counter<'status'>;
  readonly connects: Counter;
  readonly stripeRequests: Counter<'status'>;
  readonly connectAttempts: Counter;
  private server: Server | undefined;

  constructor(private readonly snapshot: () => AgentSnapshot) {
    const registers = [this.registry];
    this.jobsStarted = new Counter({ name: 'stripe_agent_jobs_started_total', help: 'Jobs started, by activity.', labelNames: ['activity'], registers });
    this.jobsEnded = new Counter({ name: 'stripe_agent_jobs_ended_total', help: 'Jobs ended, by activity and status.', labelNames: ['activity', 'status'], registers });
    this.jobDuration = new Histogram({
      name: 'stripe_agent_job_duration_seconds', help: 'Time from a job starting here to its result.', labelNames: ['activity'], registers,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    });
    this.operationRuns = new Counter({
      name: 'stripe_agent_operation_runs_total', help: 'Operation runs ended here, by status (succeeded, succeeded_with_errors, failed, cancelled).', labelNames: ['status'], registers,
    });
    this.connects = new Counter({ name: 'stripe_agent_websocket_connects_total', help: 'WebSocket connections opened to the control plane (the first and every reconnect).', registers });
    this.stripeRequests = new Counter({
      name: 'stripe_agent_stripe_requests_total', help: 'Requests to Stripe, by the HTTP status of the answer (429: rate limited; 0: no answer).', labelNames: ['status'], registers,
    });
    this.connectAttempts = new Counter({ name: 'stripe_agent_websocket_connect_attempts_total', help: 'Attempts to connect to the control plane, whether they succeeded or not.', registers });
    const gauge = (name: string, help: string, read: (s: AgentSnapshot) => number) =>
      new Gauge({ name, help, registers, collect() { this.set(read(snapshot())); } });
    gauge('stripe_agent_slots_used', 'Jobs running now.', (s) => s.slotsUsed);
    gauge('stripe_agent_slots', 'Jobs the agent may run at once (its concurrency).', (s) => s.slots);
    gauge('stripe_agent_outbox_results', 'Results in the outbox not yet acknowledged.', (s) => s.outboxSize);
    gauge('stripe_agent_outbox_oldest_age_seconds', 'Age of the oldest unacknowledged result.', (s) => s.outboxOldestSeconds);
    gauge('stripe_agent_websocket_connected', '1 while the WebSocket to the control plane is open.', (s) => (s.connected ? 1 : 0));
    new Gauge({
      name: 'stripe_agent_state', help: 'The lifecycle state: 1 for the current one.', labelNames: ['state'], registers,
      collect() {
        const { state } = snapshot();
        for (const s of AGENT_STATES) this.set({ state: s }, s === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'stripe_agent_connector_info', help: 'The connector version in use (always 1).', labelNames: ['connector', 'version'], registers,
      collect() {
        this.reset();
        this.set({ connector: 'stripe', version: snapshot().connectorVersion }, 1);
      },
    });
  }

  /** Whether the agent should get traffic, and why not. */
  readiness(): { ready: boolean; state: AgentState; reason?: string } {
    const s = this.snapshot();
    if (s.state !== 'ready') return { ready: false, state: s.state, reason: `the agent is ${s.state}` };
    if (!s.connected) return { ready: false, state: s.state, reason: 'not connected to the control plane' };
    if (s.outboxOldestSeconds > STUCK_OUTBOX_SECONDS) return { ready: false, state: s.state, reason: `a result has waited ${Math.round(s.outboxOldestSeconds)} s for acknowledgement` };
    return { ready: true, state: s.state };
  }

  /** Serves /metrics, /healthz and /readyz on `addr` (host:port); resolves with the bound address. */
  async listen(addr: string): Promise<string> {
    const { host, port } = hostPort(addr);
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://agent').pathname;
      if (path === '/metrics') {
        return void this.registry.metrics().then((text) => {
          res.writeHead(200, { 'Content-Type': this.registry.contentType });
          res.end(text);
        });
      }
      const body = path === '/healthz' ? { ok: true } : path === '/readyz' ? this.readiness() : undefined;
      const status = body === undefined ? 404 : 'ready' in body && !body.ready ? 503 : 200;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: 'metrics, healthz and readyz live here' }));
    });
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(port, host, resolve));
    const bound = this.server.address() as AddressInfo;
    return `${bound.address.includes(':') ? `[${bound.address}]` : bound.address}:${bound.port}`;
  }

  close(): void {
    this.server?.close();
  }
}

function hostPort(addr: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(addr);
  if (!m) throw new Error(`--metrics-addr '${addr}' must be host:port, as in 127.0.0.1:9464`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}
