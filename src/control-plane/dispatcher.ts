import type { ConnectionConfig } from '../connectors/stripe/index.js';
import type { Logger } from '../logging/logger.js';
import type { Connections } from './connections.js';
import type { Outgoing } from './outgoing.js';
import type { JobQueue, LeasedJob } from './queue/jobs.js';
import type { RateBudgets } from './rate-budgets.js';

/** A connected agent as dispatch sees it. */
export interface Recipient {
  group: string;
  agentId?: string;
  name?: string;
  /** Jobs the agent asked for and has not been sent yet: never exceeded. */
  credit: number;
  /** Jobs it asked for to hold beyond its slots (`poll.prefetch`), kept apart from `credit`: served last. */
  prefetchCredit: number;
  /** The files roots it declared in its hello: only runs needing a subset of them are leased to it. */
  roots: string[];
  /** It reads no more of a source than a sample asks (protocol 1.2): only then is it leased samples. */
  samples: boolean;
  /** Replies of this turn, sent once its transaction is committed. */
  outgoing: Outgoing;
  /** A refusal decided in this turn: the socket closes after the replies, and its later messages are ignored. */
  closeWith?: { code: number; reason: string };
}

/**
 * Hands queued jobs of a group to the agents that asked for work: each takes up to its credit in
 * one lease statement, the agent served first changing from one dispatch to the next. Free slots
 * are served before prefetches, so that no job waits at a busy agent while another is idle. Credit
 * is spent only on a job actually sent; a job whose connection is gone fails here and frees it.
 */
export class Dispatcher {
  /** Which hungry agent is served first: it moves on each dispatch, so agents take turns. */
  private turnOffset = 0;

  constructor(
    private readonly deps: { queue: JobQueue; connections: Connections; budgets: RateBudgets; log: Logger },
    private readonly leaseMs: number,
  ) {}

  dispatch(group: string, agents: Iterable<Recipient>): void {
    const all = [...agents];
    this.serve(group, all, 'credit');
    this.serve(group, all, 'prefetchCredit');
  }

  private serve(group: string, agents: Recipient[], credit: 'credit' | 'prefetchCredit'): void {
    for (;;) {
      const hungry = agents.filter((p) => p.group === group && p.agentId && !p.closeWith && p[credit] > 0);
      if (hungry.length === 0) return;
      const first = this.turnOffset++ % hungry.length;
      let leased = 0;
      for (const peer of [...hungry.slice(first), ...hungry.slice(0, first)]) {
        const jobs = this.deps.queue.lease(group, peer.agentId!, peer[credit], this.leaseMs, Date.now(), peer.name ?? null, peer.roots, peer.samples);
        leased += jobs.length;
        for (const job of jobs) if (this.send(peer, job, credit === 'prefetchCredit')) peer[credit]--;
      }
      if (leased === 0) return;
    }
  }

  /** Queues a leased job for its agent; false (and the job failed) when its connection was deleted. */
  private send(peer: Recipient, job: LeasedJob, prefetch: boolean): boolean {
    const { queue, connections, log } = this.deps;
    let connection;
    let operationConnections;
    try {
      if (job.activity === 'operation') operationConnections = connections.forOperation(job.input);
      connection = job.activity === 'operation' ? {} : connections.forJob(job.connectionId, job.input);
      for (const used of operationConnections ? Object.values(operationConnections) : [connection as ConnectionConfig]) this.deps.budgets.learn(used);
    } catch {
      queue.finish(job.id, job.leaseId, {
        status: 'failed',
        error: { code: 'invalid_input', message: `The connection ${job.connectionId} was deleted before the job ran.`, retryable: false },
        connectorVersion: 'none',
      });
      return false;
    }
    log.info({ agent: peer.agentId, job: job.id, activity: job.activity, object: job.object, attempt: job.attempts }, 'job dispatched');
    peer.outgoing.push({
      type: 'job',
      jobId: job.id,
      leaseId: job.leaseId,
      leaseExpiresAt: job.leaseExpiresAt,
      attempt: job.attempts,
      activity: job.activity,
      connection: connection as unknown as Record<string, unknown>,
      input: job.input.sealedConnection === undefined ? job.input : {},
      ...(operationConnections ? { connections: operationConnections as unknown as Record<string, Record<string, unknown>> } : {}),
      ...(prefetch ? { prefetch } : {}),
    });
    return true;
  }
}
