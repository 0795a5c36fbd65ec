import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import semver from 'semver';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../logging/logger.js';
import {
  AGENT_PATH,
  AgentMessage,
  BATCHES_SINCE,
  SAMPLES_SINCE,
  MAX_MESSAGE_BYTES,
  MAX_SLOTS,
  parseMessage,
  PROTOCOL_VERSION,
  type ControlMessage,
} from '../protocol/messages.js';
import { Dispatcher, type Recipient } from './dispatcher.js';
import { Outgoing } from './outgoing.js';
import type { Agents } from './agents.js';
import type { Connections } from './connections.js';
import type { Groups } from './groups.js';
import { PeerBudget } from './peer-budget.js';
import type { EndedJob, JobQueue } from './queue/jobs.js';
import type { BudgetPeer, RateBudgets } from './rate-budgets.js';
import type { Settings } from './settings.js';
import type { WalSync } from '../db/wal-sync.js';
import type { ConnectedAgent } from './operations/waiting.js';

/**
 * Jobs an agent may hold beyond its concurrency (the welcome's `prefetch`): it asks for one while
 * a slot runs a single Stripe call, and starts it as a slot frees, without a poll's round trip.
 */
const PREFETCH = 1;

export interface GatewayOptions {
  heartbeatMs: number;
  leaseMs: number;
  /** Told how many leases each sweep expired (for metrics). */
  onLeasesExpired?: (count: number) => void;
}

interface Peer extends Recipient {
  ws: WebSocket;
  /** Jobs it runs at once, as its hello declared: its credit never exceeds it. */
  concurrency: number;
  /** Jobs it may hold beyond that (its welcome's `prefetch`), within a heartbeat's bound. */
  prefetch: number;
  alive: boolean;
  budget: PeerBudget;
  /** An operator drained it: its polls are not honoured until it is resumed. */
  draining: boolean;
  /** Its side of the Stripe rate budgets, once it said hello. */
  stripeBudget?: BudgetPeer;
}

/**
 * The agents' WebSocket endpoint: authenticates on upgrade, speaks the protocol, hands out jobs
 * against the credit each agent asked for, renews leases on heartbeats, fences results, and
 * notices half-open sockets by ping.
 *
 * Group commit: the messages that arrive in one turn of the event loop, from every agent, and the
 * dispatch they call for, are handled in one transaction. A turn that acknowledges a result or a
 * chunk, or welcomes an agent, replies once a sync of the log begun after its commit has ended
 * (WalSync, off the event loop, one sync for every turn committed meanwhile), so nothing is
 * acknowledged before it is on disk; replies of the other turns keep their order behind them.
 * Jobs that change nothing (a read, a search, a test) go at once, ahead of acks: they need no sync,
 * not even their enqueue's (Outgoing.take).
 */
export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly peers = new Set<Peer>();
  private readonly timers: NodeJS.Timeout[] = [];
  private inbox: Array<{ peer: Peer; message: AgentMessage; log: Logger }> = [];
  private readonly dirty = new Set<string>();
  private readonly dispatcher: Dispatcher;
  private scheduled = false;
  /** Wakes dispatch when the earliest throttled job may run again. */
  private throttleTimer: { at: number; timer: NodeJS.Timeout } | undefined;

  constructor(
    private readonly deps: {
      queue: JobQueue;
      groups: Groups;
      agents: Agents;
      connections: Connections;
      settings: Settings;
      budgets: RateBudgets;
      sync: WalSync;
      log: Logger;
      /** A job's result was taken: what follows a run's end (its action) happens there. */
      ended: (job: EndedJob) => void;
    },
    private readonly options: GatewayOptions,
  ) {
    this.dispatcher = new Dispatcher(deps, options.leaseMs);
  }

  attach(server: Server): void {
    server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
    this.timers.push(setInterval(() => this.ping(), this.options.heartbeatMs));
    this.timers.push(setInterval(() => this.sweep(), Math.max(100, Math.floor(this.options.leaseMs / 4))));
  }

  /** Agents connected and introduced, by group. */
  connectedByGroup(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const p of this.peers) if (p.agentId) counts.set(p.group, (counts.get(p.group) ?? 0) + 1);
    return counts;
  }

  connected(agentId: string): boolean {
    return [...this.peers].some((p) => p.agentId === agentId);
  }

  /** Each connected agent of `group`: the files roots it declares, and whether it is leased samples. */
  connectedAgents(group: string): ConnectedAgent[] {
    return [...this.peers].filter((p) => p.agentId && p.group === group).map((p) => ({ roots: p.roots, samples: p.samples }));
  }

  /** New work in `group` (or any group): hand it to agents that asked, in the next turn. */
  wake(group?: string): void {
    for (const g of group ? [group] : new Set([...this.peers].map((p) => p.group))) this.dirty.add(g);
    this.schedule();
  }

  /** Tells the agent running a job to stop it. */
  cancel(jobId: string, agentId: string | null): void {
    for (const peer of this.peers) if (peer.agentId === agentId) this.send(peer, { type: 'cancel', jobId });
  }

  /** A connection of `group` is being tested: its agents look for a newer connector now. */
  checkUpdates(group: string): void {
    for (const peer of this.peers) if (peer.agentId && peer.group === group) this.send(peer, { type: 'check-updates' });
  }

  /** An operator drains (or resumes) an agent: it is told now if connected, else at its next hello. */
  drain(agentId: string, drain: boolean): void {
    for (const peer of this.peers) {
      if (peer.agentId !== agentId) continue;
      // Credit it asked for before the drain is not honoured: no new work means none.
      peer.draining = drain;
      if (drain) peer.credit = peer.prefetchCredit = 0;
      this.send(peer, { type: drain ? 'drain' : 'resume' });
    }
  }

  broadcastPolicy(disableAutoConnectorUpdate: boolean): void {
    for (const peer of this.peers) if (peer.agentId) this.send(peer, { type: 'policy', disableAutoConnectorUpdate });
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.throttleTimer?.timer);
    this.deps.budgets.close();
    for (const peer of this.peers) peer.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { log, groups } = this.deps;
    if (new URL(req.url ?? '/', 'http://x').pathname !== AGENT_PATH) return void refuseUpgrade(socket, 404, 'Not Found');
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const group = token ? groups.groupOf(token) : undefined;
    if (!group) {
      log.warn({ remote: req.socket.remoteAddress, reason: token ? 'unknown agent token' : 'no agent token' }, 'agent connection refused');
      return void refuseUpgrade(socket, 401, 'Unauthorized');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, group, req.socket.remoteAddress));
  }

  private accept(ws: WebSocket, group: string, remote: string | undefined): void {
    const peer: Peer = { ws, group, concurrency: 0, prefetch: 0, credit: 0, prefetchCredit: 0, alive: true, roots: [], samples: false, budget: new PeerBudget(), draining: false, outgoing: new Outgoing(false) };
    this.peers.add(peer);
    const log = this.deps.log.child({ group, remote });
    ws.on('pong', () => (peer.alive = true));
    ws.on('error', (e) => log.warn({ agent: peer.agentId, err: e.message }, 'agent socket error'));
    ws.on('close', (code, reason) => {
      this.peers.delete(peer);
      // 1001: the agent stopped its work before it left; any other close may leave it sending.
      if (peer.stripeBudget) this.deps.budgets.leave(peer.stripeBudget, code === 1001);
      log.info({ agent: peer.agentId, code, reason: reason.toString() }, 'agent disconnected');
    });
    ws.on('message', (data, isBinary) => {
      peer.alive = true;
      if (peer.ws.readyState !== peer.ws.OPEN) return;
      if (!peer.budget.take()) {
        log.warn({ agent: peer.agentId }, 'agent sends too many messages; closing its socket');
        return void ws.close(1008, 'too many messages; slow down');
      }
      const parsed = parseMessage(AgentMessage, isBinary ? (data as Buffer) : data.toString());
      if (!parsed.ok) {
        log.warn({ agent: peer.agentId, reason: parsed.reason }, 'agent message refused');
        return void ws.close(1008, parsed.reason.slice(0, 120));
      }
      this.inbox.push({ peer, message: parsed.message, log });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  /** One turn: this tick's messages and the dispatch they call for in one transaction, then the replies. */
  private turn(): void {
    this.scheduled = false;
    const inbox = this.inbox;
    this.inbox = [];
    // Results and chunks are acknowledged, and a hello binds an agent to its group: those turns are synced.
    const synced = inbox.some(({ message }) => message.type === 'result' || message.type === 'records' || message.type === 'hello');
    const credits = new Map([...this.peers].map((p) => [p, [p.credit, p.prefetchCredit] as const]));
    try {
      this.deps.queue.transaction(() => {
        for (const { peer, message, log } of inbox) {
          if (peer.closeWith) continue;
          try {
            this.handle(peer, message, log);
          } catch (e) {
            log.error({ agent: peer.agentId, err: (e as Error).message }, 'agent message failed');
            peer.closeWith = { code: 1011, reason: 'internal error' };
          }
        }
        for (const group of this.dirty) {
          this.dirty.delete(group);
          this.dispatcher.dispatch(group, this.peers);
        }
      });
    } catch (e) {
      // Nothing of this turn is on disk: no reply may go out. The agents re-send after they reconnect.
      this.deps.log.error({ err: (e as Error).message }, 'the store refused a turn of agent messages; closing their sockets');
      for (const { peer } of inbox) peer.closeWith ??= { code: 1011, reason: 'internal error' };
      for (const peer of this.peers) {
        peer.outgoing.clear();
        // The leases were rolled back with the rest: the credit they took is the agent's again.
        [peer.credit, peer.prefetchCredit] = credits.get(peer) ?? [peer.credit, peer.prefetchCredit];
      }
    }
    const replies = [...this.peers].map((peer) => ({ peer, ...peer.outgoing.take(), closeWith: peer.closeWith })).filter((r) => r.ahead.length > 0 || r.rest.length > 0 || r.closeWith);
    if (replies.length === 0) return;
    for (const { peer, ahead } of replies) peer.outgoing.send(peer.ws, ahead);
    const deliver = () => {
      for (const { peer, rest, closeWith } of replies) {
        peer.outgoing.release(peer.ws, rest);
        if (closeWith) peer.ws.close(closeWith.code, closeWith.reason);
      }
    };
    if (synced) this.deps.sync.afterSync(deliver);
    else this.deps.sync.inOrder(deliver);
  }

  /** A message outside a turn: after the replies of the turns before it. */
  private send(peer: Peer, message: ControlMessage): void {
    const held = peer.outgoing.hold(message);
    this.deps.sync.inOrder(() => peer.outgoing.release(peer.ws, held));
  }

  private handle(peer: Peer, message: AgentMessage, log: Logger): void {
    const { queue, agents, settings } = this.deps;
    const reply = (m: ControlMessage) => peer.outgoing.push(m);
    const close = (code: number, reason: string) => void (peer.closeWith = { code, reason });
    if (message.type !== 'hello' && !peer.agentId) {
      log.warn({ type: message.type }, 'agent message refused: hello must come first');
      return close(1008, 'hello must come first');
    }
    if (message.type === 'hello' && peer.agentId) {
      log.warn({ agent: peer.agentId }, 'agent message refused: a second hello on one socket');
      return close(1008, 'hello was already received');
    }
    switch (message.type) {
      case 'hello': {
        if (semver.major(semver.coerce(message.protocol) ?? '0.0.0') !== semver.major(PROTOCOL_VERSION)) {
          const reason = `protocol ${message.protocol} is incompatible with this control plane's ${PROTOCOL_VERSION}; upgrade the agent`;
          log.warn({ agent: message.agentId, protocol: message.protocol }, 'agent refused: incompatible protocol');
          reply({ type: 'refused', reason });
          return close(1008, 'incompatible protocol');
        }
        const boundTo = agents.groupOf(message.agentId);
        if (boundTo !== undefined && boundTo !== peer.group) {
          log.warn({ agent: message.agentId, boundTo }, 'agent refused: its id belongs to another group');
          reply({ type: 'refused', reason: `agent id ${message.agentId} belongs to another agent group; an agent keeps the group it first joined (give it a new data dir to join this one)` });
          return close(1008, 'agent id of another group');
        }
        const protocol = semver.coerce(message.protocol) ?? '0.0.0';
        peer.outgoing = new Outgoing(semver.gte(protocol, BATCHES_SINCE));
        peer.samples = semver.gte(protocol, SAMPLES_SINCE);
        peer.agentId = message.agentId;
        peer.name = message.name;
        peer.concurrency = message.concurrency;
        peer.prefetch = Math.min(PREFETCH, MAX_SLOTS - message.concurrency);
        peer.roots = message.roots ?? [];
        agents.seen({ id: message.agentId, name: message.name, group: peer.group, version: message.version, connectors: message.connectors, roots: peer.roots });
        const policy = settings.policy();
        reply({
          type: 'welcome',
          agentId: message.agentId,
          group: peer.group,
          settings: { heartbeatMs: this.options.heartbeatMs, leaseMs: this.options.leaseMs, ...policy, prefetch: peer.prefetch },
        });
        peer.draining = agents.drainRequested(message.agentId);
        if (peer.draining) reply({ type: 'drain' });
        // Shares go out in order with the rest: after the welcome, and outside a turn in the next one.
        peer.stripeBudget = { agentId: message.agentId, group: peer.group, send: (m) => {
          peer.outgoing.push(m);
          this.schedule();
        } };
        this.deps.budgets.join(peer.stripeBudget);
        return log.info({ agent: message.agentId, name: message.name, version: message.version }, 'agent connected');
      }
      case 'state':
        return agents.state(peer.agentId!, message.state === 'draining' && message.drained ? 'drained' : message.state);
      case 'poll':
        if (peer.draining) return;
        if (message.prefetch) peer.prefetchCredit = Math.min(peer.prefetch, peer.prefetchCredit + message.slots);
        else peer.credit = Math.min(peer.concurrency, peer.credit + message.slots);
        return void this.dirty.add(peer.group);
      case 'release':
        if (!queue.release(peer.group, message.jobId, message.leaseId)) return;
        log.info({ agent: peer.agentId, job: message.jobId }, 'job given back unstarted; back in the queue');
        return void this.dirty.add(peer.group);
      case 'heartbeat':
        if (message.leases.length > peer.concurrency + peer.prefetch) {
          log.warn({ agent: peer.agentId, leases: message.leases.length }, 'agent message refused: more leases than its concurrency and prefetch');
          return close(1008, 'more leases than the declared concurrency and prefetch');
        }
        agents.touch(peer.agentId!);
        for (const jobId of queue.renewAll(peer.group, message.leases, this.options.leaseMs)) reply({ type: 'cancel', jobId });
        return;
      case 'connectors':
        agents.connectors(peer.agentId!, message.connectors, message.error);
        if (message.error) log.warn({ agent: peer.agentId, connectors: message.connectors, reason: message.error }, 'agent refused a connector version');
        else log.info({ agent: peer.agentId, connectors: message.connectors }, 'agent connectors');
        return;
      case 'progress': {
        const { type: _type, jobId, leaseId, ...counts } = message;
        return void queue.progress(jobId, leaseId, counts);
      }
      case 'usage':
        agents.stripeRequests(peer.agentId!, message.requests);
        return this.deps.budgets.usage(peer.agentId!, message);
      case 'records': {
        const fence = queue.addRecords(message.jobId, message.leaseId, message.seq, message.records);
        if (!fence.accepted) log.warn({ agent: peer.agentId, job: message.jobId, reason: fence.reason }, 'records refused');
        return reply({ type: 'ack', jobId: message.jobId, leaseId: message.leaseId, seq: message.seq, ...fence });
      }
      case 'result': {
        const fence = queue.finish(message.jobId, message.leaseId, message);
        const job = fence.accepted ? queue.ended(message.jobId)! : undefined;
        if (job?.status === 'queued' && job.notBefore) {
          log.warn({ agent: peer.agentId, job: job.id, throttled: job.throttled, until: new Date(job.notBefore).toISOString() }, 'job rate-limited by Stripe; back in the queue');
          this.wakeAt(job.notBefore);
        } else if (job) {
          log.info({ agent: peer.agentId, job: job.id, activity: job.activity, object: job.object, attempt: job.attempts, status: job.status, duration: job.finishedAt && job.finishedAt - job.createdAt }, 'job finished');
          this.deps.ended(job);
        } else if (!fence.accepted) {
          log.warn({ agent: peer.agentId, job: message.jobId, lease: message.leaseId, reason: fence.reason }, 'result refused');
        }
        return reply({ type: 'ack', jobId: message.jobId, leaseId: message.leaseId, ...fence });
      }
    }
  }

  /** Dispatches again at `at` (the earliest throttled job's time), then at the next one's. */
  private wakeAt(at: number): void {
    if (this.throttleTimer && this.throttleTimer.at <= at) return;
    clearTimeout(this.throttleTimer?.timer);
    const timer = setTimeout(() => {
      this.throttleTimer = undefined;
      this.wake();
      const next = this.deps.queue.nextDue();
      if (next !== undefined) this.wakeAt(next);
    }, Math.max(0, at - Date.now()));
    this.throttleTimer = { at, timer };
  }

  private ping(): void {
    for (const peer of this.peers) {
      if (!peer.alive) {
        this.deps.log.warn({ agent: peer.agentId }, 'agent missed two heartbeat intervals; closing its socket');
        peer.ws.terminate();
        continue;
      }
      peer.alive = false;
      peer.ws.ping();
    }
  }

  private sweep(): void {
    const expired = this.deps.queue.expire();
    if (expired.length === 0) return;
    this.options.onLeasesExpired?.(expired.length);
    this.deps.log.warn({ jobs: expired }, 'leases expired; jobs back in the queue');
    this.wake();
  }
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
