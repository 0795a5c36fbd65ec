import { keyFingerprint, type Bucket, type ConnectionConfig, type StripeConnector } from '../connectors/stripe/index.js';
import type { Logger } from '../logging/logger.js';
import type { RatesMessage, UsageMessage } from '../protocol/messages.js';

/**
 * The share of a key's limit the group's agents divide among them. Stripe counts requests by its
 * own clock, after the network's jitter: evenly paced agents whose requests bunch up on arrival
 * must still fit, and each 429 costs a retry.
 */
export const GROUP_SHARE = 0.96;

/** One connected agent, as the budgets see it. */
export interface BudgetPeer {
  agentId: string;
  group: string;
  send(message: RatesMessage): void;
}

export interface RateBudgetOptions {
  /** How often agents report their usage; their shares are renewed with each report. */
  refreshMs: number;
  /** How long a share holds without renewal; past it, the agent falls back to an even split. */
  leaseMs: number;
}

interface Holder {
  peer: BudgetPeer;
  connected: boolean;
  /** Requests per second wanted, by budget id (`fingerprint:bucket`). */
  wants: Map<string, number>;
  grants: Map<string, number>;
  /** When its last shares lapse, by the control plane's clock. */
  expiresAt: number;
  reportedAt: number;
}

/**
 * Each Stripe key's budget, divided among the agents that use it — Doorman's capacity leases:
 * agents report what they want, get a share with a lease, and renew it with every report. Shares
 * are fair in the max-min sense (no agent gets more than it wants while another gets less than
 * an equal share), and what nobody wants is spread over all, so a busier agent grows at once.
 * An agent that vanished keeps its share reserved until the share's lease runs out, since it may
 * still be sending; one that said goodbye gives it back at once.
 */
export class RateBudgets {
  private readonly holders = new Map<string, Holder>();
  private readonly limits = new Map<string, number>();
  private readonly unknown = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly options: RateBudgetOptions,
    /** Resolves a connection's limits: its own, or Stripe's for its mode. */
    private readonly connector: Pick<StripeConnector, 'validateConnection'>,
    /** Every stored connection, for keys reported before this control plane dispatched a job of them. */
    private readonly stored: () => Iterable<ConnectionConfig>,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.expire(), options.refreshMs);
    this.timer.unref();
  }

  /** A job of this connection goes out: its key's limits are the ones to divide. */
  learn(config: ConnectionConfig): void {
    let connection;
    try {
      connection = this.connector.validateConnection(config);
    } catch {
      return;
    }
    const fingerprint = keyFingerprint(connection.apiKey);
    this.limits.set(`${fingerprint}:requests`, connection.rateLimit);
    this.limits.set(`${fingerprint}:search`, connection.searchRateLimit);
  }

  join(peer: BudgetPeer): void {
    const previous = this.holders.get(peer.agentId);
    this.holders.set(peer.agentId, { peer, connected: true, wants: new Map(), grants: previous?.grants ?? new Map(), expiresAt: 0, reportedAt: this.now() });
    if (previous) this.rebalance(new Set(previous.grants.keys()));
    this.refreshGroup(peer.group);
  }

  /** `graceful`: the agent stopped its work before it left, so its shares are free now. */
  leave(peer: BudgetPeer, graceful: boolean): void {
    const agentId = peer.agentId;
    const holder = this.holders.get(agentId);
    // A socket of the agent's that closed after a newer one took over says nothing of the agent.
    if (!holder || holder.peer !== peer) return;
    holder.connected = false;
    if (graceful || holder.expiresAt <= this.now()) this.drop(agentId);
    this.refreshGroup(holder.peer.group);
  }

  usage(agentId: string, message: UsageMessage): void {
    const holder = this.holders.get(agentId);
    if (!holder) return;
    const touched = new Set([...holder.wants.keys(), ...holder.grants.keys()]);
    holder.wants = new Map(message.wants.map((w) => [`${w.key}:${w.bucket}`, w.rate]));
    holder.reportedAt = this.now();
    for (const id of holder.wants.keys()) touched.add(id);
    this.rebalance(touched, holder);
  }

  /** Each key's limit and who holds how much of it, for the API. */
  view(): Array<{ key: string; bucket: Bucket; limit: number; shares: Record<string, number> }> {
    const out = new Map<string, { key: string; bucket: Bucket; limit: number; shares: Record<string, number> }>();
    for (const [agentId, holder] of this.holders) {
      for (const [id, rate] of holder.grants) {
        const [key, bucket] = id.split(':') as [string, Bucket];
        const entry = out.get(id) ?? { key, bucket, limit: this.limits.get(id) ?? 0, shares: {} };
        entry.shares[agentId] = round(rate);
        out.set(id, entry);
      }
    }
    return [...out.values()];
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** Drops shares whose lease ran out: agents gone without a goodbye, or silent ones. */
  expire(): void {
    const now = this.now();
    const touched = new Set<string>();
    for (const [agentId, holder] of this.holders) {
      const lapsed = holder.connected ? now - holder.reportedAt > this.options.leaseMs && holder.wants.size > 0 : holder.expiresAt <= now;
      if (!lapsed) continue;
      for (const id of [...holder.wants.keys(), ...holder.grants.keys()]) touched.add(id);
      if (holder.connected) holder.wants.clear();
      else this.drop(agentId, false);
    }
    if (touched.size > 0) this.rebalance(touched);
  }

  private drop(agentId: string, rebalance = true): void {
    const holder = this.holders.get(agentId);
    if (!holder) return;
    this.holders.delete(agentId);
    if (rebalance) this.rebalance(new Set([...holder.wants.keys(), ...holder.grants.keys()]));
  }

  /** Divides each touched budget anew and tells every agent whose share changed (and `renew`). */
  private rebalance(ids: Set<string>, renew?: Holder): void {
    const changed = new Set<Holder>(renew ? [renew] : []);
    for (const id of ids) {
      const limit = this.limitOf(id);
      const reserved = [...this.holders.values()].filter((h) => !h.connected && h.grants.has(id));
      const wanting = [...this.holders.values()].filter((h) => h.connected && h.wants.has(id));
      const free = Math.max(0, (limit ?? 0) * GROUP_SHARE - reserved.reduce((sum, h) => sum + h.grants.get(id)!, 0));
      const shares = limit === undefined ? new Map<Holder, number>() : fairShares(free, wanting.map((h) => [h, h.wants.get(id)!] as const));
      for (const holder of this.holders.values()) {
        if (!holder.connected) continue;
        const share = shares.get(holder);
        const before = holder.grants.get(id);
        if (share === undefined || share <= 0) {
          if (holder.grants.delete(id)) changed.add(holder);
        } else if (before === undefined || Math.abs(before - share) > 0.005 * share) {
          holder.grants.set(id, share);
          changed.add(holder);
        }
      }
    }
    for (const holder of changed) this.sendRates(holder);
  }

  private limitOf(id: string): number | undefined {
    if (!this.limits.has(id)) for (const connection of this.stored()) this.learn(connection);
    const limit = this.limits.get(id);
    if (limit === undefined && !this.unknown.has(id)) {
      this.unknown.add(id);
      this.log.warn({ key: id }, 'an agent uses a Stripe key no connection here has; it stays at its fallback rate');
    }
    return limit;
  }

  private refreshGroup(group: string): void {
    for (const holder of this.holders.values()) if (holder.connected && holder.peer.group === group) this.sendRates(holder);
  }

  private sendRates(holder: Holder): void {
    holder.expiresAt = this.now() + this.options.leaseMs;
    const agents = [...this.holders.values()].filter((h) => h.connected && h.peer.group === holder.peer.group).length;
    const grants = [...holder.grants].map(([id, rate]) => `${id.slice(-12)}=${round(rate)}`);
    this.log.debug({ agent: holder.peer.agentId, grants, agents }, 'rate shares sent');
    holder.peer.send({
      type: 'rates',
      leaseMs: this.options.leaseMs,
      refreshMs: this.options.refreshMs,
      fallbackShare: GROUP_SHARE / Math.max(1, agents),
      grants: [...holder.grants].map(([id, rate]) => {
        const [key, bucket] = id.split(':') as [string, Bucket];
        return { key, bucket, rate: round(rate) };
      }),
    });
  }
}

/**
 * Max-min fair shares of `budget` by what each wants, then what is left spread evenly over all of
 * them, so the whole budget is always handed out (an agent whose demand grows needs no new round).
 */
export function fairShares<T>(budget: number, wants: ReadonlyArray<readonly [T, number]>): Map<T, number> {
  const shares = new Map<T, number>();
  const sorted = [...wants].sort((a, b) => a[1] - b[1]);
  let left = budget;
  sorted.forEach(([who, want], i) => {
    const share = Math.min(want, left / (sorted.length - i));
    shares.set(who, share);
    left -= share;
  });
  if (sorted.length > 0 && left > 0) for (const [who] of sorted) shares.set(who, shares.get(who)! + left / sorted.length);
  return shares;
}

function round(rate: number): number {
  return Math.round(rate * 1000) / 1000;
}
