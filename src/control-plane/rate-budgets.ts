import { keyFingerprint, type Bucket, type ConnectionConfig, type StripeConnector } from '../connectors/stripe/index.js';
import type { Logger } from '../logging/logger.js';
import type { RatesMessage, UsageMessage } from '../protocol/messages.js';

/**
 * Stripe counts requests over one second, by when they arrive: a share that shrank still counts at
 * its old size that long after the agent heard of it, plus its time in flight.
 */
const COUNTED_MS = 1100;

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
  /** When each grant may first be used, by the control plane's clock. */
  starts: Map<string, number>;
  /** The largest share it held of a budget whose share shrank, and until when Stripe counts it. */
  counted: Map<string, { rate: number; until: number }>;
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
    this.holders.set(peer.agentId, {
      peer,
      connected: true,
      wants: new Map(),
      grants: previous?.grants ?? new Map(),
      starts: previous?.starts ?? new Map(),
      counted: previous?.counted ?? new Map(),
      expiresAt: 0,
      reportedAt: this.now(),
    });
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
      if (!holder.connected && holder.grants.size === 0) {
        if ([...holder.counted.values()].every((c) => c.until <= now)) this.holders.delete(agentId);
        continue;
      }
      const lapsed = holder.connected ? now - holder.reportedAt > this.options.leaseMs && holder.wants.size > 0 : holder.expiresAt <= now;
      if (!lapsed) continue;
      for (const id of [...holder.wants.keys(), ...holder.grants.keys()]) touched.add(id);
      if (holder.connected) holder.wants.clear();
      else this.drop(agentId, false);
    }
    if (touched.size > 0) this.rebalance(touched);
  }

  /** Frees an agent's shares. Its last requests still count for a while: it stays as a holder of nothing until then. */
  private drop(agentId: string, rebalance = true): void {
    const holder = this.holders.get(agentId);
    if (!holder) return;
    const ids = new Set([...holder.wants.keys(), ...holder.grants.keys()]);
    const now = this.now();
    for (const id of [...holder.grants.keys()]) this.shrink(holder, id, 0, now);
    holder.connected = false;
    holder.wants.clear();
    if (rebalance) this.rebalance(ids);
  }

  /**
   * Divides each touched budget anew and tells every agent whose share changed (and `renew`).
   * Shrunk shares hold at once; a grown one starts only when it fits beside what the others may
   * still be counted for, so that the handover itself never exceeds the limit.
   */
  private rebalance(ids: Set<string>, renew?: Holder): void {
    const changed = new Set<Holder>(renew ? [renew] : []);
    const now = this.now();
    for (const id of ids) {
      const limit = this.limitOf(id);
      const budget = limit ?? 0;
      const reserved = [...this.holders.values()].filter((h) => !h.connected && h.grants.has(id));
      const wanting = [...this.holders.values()].filter((h) => h.connected && h.wants.has(id));
      const free = Math.max(0, budget - reserved.reduce((sum, h) => sum + h.grants.get(id)!, 0));
      const shares = limit === undefined ? new Map<Holder, number>() : wholeShares(fairShares(free, wanting.map((h) => [h, h.wants.get(id)!] as const)), free);
      const grown: Array<[Holder, number]> = [];
      for (const holder of this.holders.values()) {
        if (!holder.connected) continue;
        const share = shares.get(holder) ?? 0;
        const before = holder.grants.get(id) ?? 0;
        if (share === before || (share > 0 && Math.abs(before - share) <= 0.005 * share)) continue;
        if (share > before) {
          grown.push([holder, share]);
          continue;
        }
        this.shrink(holder, id, share, now);
        changed.add(holder);
      }
      for (const [holder, share] of grown) {
        holder.starts.set(id, this.startOf(holder, id, holder.grants.get(id) ?? 0, share, budget, now));
        holder.grants.set(id, share);
        changed.add(holder);
      }
    }
    for (const holder of changed) this.sendRates(holder);
  }

  private shrink(holder: Holder, id: string, share: number, now: number): void {
    const held = this.countedRate(holder, id, now);
    holder.counted.set(id, { rate: held, until: now + COUNTED_MS });
    if (share > 0) {
      holder.grants.set(id, share);
      holder.starts.set(id, now);
    } else {
      holder.grants.delete(id);
      holder.starts.delete(id);
    }
  }

  /** What Stripe may count at `at` of `holder`'s requests of a budget: its share, or a larger one it gave up within the window. */
  private countedRate(holder: Holder, id: string, at: number): number {
    const counted = holder.counted.get(id);
    return Math.max(holder.grants.get(id) ?? 0, counted && counted.until > at ? counted.rate : 0);
  }

  /**
   * The earliest time a share grown from `before` to `share` fits beside the others. Now, if it fits
   * beside what they may still be counted for. Else, if the sum fits with the smaller share, soon:
   * the others' larger shares leave Stripe's window evenly, request by request, while this agent's
   * requests come in evenly at its larger one, so that the sum moves in a line from a count that fits
   * to one that fits; two spacings of the growth make up for a first request sent ahead of its slot.
   * Otherwise (shares changed more than once within the window), when the larger shares stop counting.
   */
  private startOf(holder: Holder, id: string, before: number, share: number, budget: number, now: number): number {
    const others = [...this.holders.values()].filter((h) => h !== holder);
    const load = (at: number) => others.reduce((sum, h) => sum + this.countedRate(h, id, at), 0);
    if (load(now) + share <= budget + 1e-9) return now;
    if (load(now) + before <= budget + 1e-9) return now + Math.min(COUNTED_MS, Math.max(100, Math.ceil(2000 / (share - before))));
    const untils = others.map((h) => h.counted.get(id)?.until ?? 0).filter((until) => until > now).sort((a, b) => a - b);
    return untils.find((until) => load(until) + share <= budget + 1e-9) ?? untils.at(-1) ?? now;
  }

  private limitOf(id: string): number | undefined {
    // Reading every stored connection unseals every key: once per unknown key is enough, since a job
    // of a connection made later teaches its limits on dispatch.
    if (!this.limits.has(id) && !this.unknown.has(id)) for (const connection of this.stored()) this.learn(connection);
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
      fallbackShare: 1 / Math.max(1, agents),
      grants: [...holder.grants].map(([id, rate]) => {
        const [key, bucket] = id.split(':') as [string, Bucket];
        return { key, bucket, rate: round(rate), startsInMs: Math.max(0, Math.ceil((holder.starts.get(id) ?? 0) - this.now())) };
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

/**
 * Shares in whole requests per second where they are one or more: Stripe counts whole requests in
 * a second, so 12.5 and 12.5 would be paced as 12 and 12. The units the fractions add up to go to
 * the largest fractions; shares under one stay as they are (paced by spacing alone).
 */
export function wholeShares<T>(shares: Map<T, number>, budget: number): Map<T, number> {
  const whole = new Map<T, number>();
  for (const [who, share] of shares) whole.set(who, share >= 1 ? Math.floor(share) : share);
  let spare = Math.floor(budget - [...whole.values()].reduce((a, b) => a + b, 0) + 1e-9);
  const byFraction = [...shares].filter(([, share]) => share >= 1).sort((a, b) => (b[1] % 1) - (a[1] % 1));
  for (const [who, share] of byFraction) {
    if (spare <= 0) break;
    if (share % 1 === 0) continue;
    whole.set(who, whole.get(who)! + 1);
    spare--;
  }
  return whole;
}

function round(rate: number): number {
  return Math.round(rate * 1000) / 1000;
}
