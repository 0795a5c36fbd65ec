import { keyFingerprint, PACER_WINDOW_MS, type Bucket, type ConnectionConfig, type StripeConnector } from '../connectors/stripe/index.js';
import type { Logger } from '../logging/logger.js';
import type { RatesMessage, UsageMessage } from '../protocol/messages.js';

/**
 * Stripe counts requests over one second, by when they arrive; an agent's pacer keeps each share's
 * count within a little more than that, for the way there. The budgets count over the same window.
 */
const COUNTED_MS = PACER_WINDOW_MS;
/** A smaller share holds once its agent hears of it: a busy agent may hear a tenth of a second late. */
const HEARD_MS = 100;
/**
 * Requests the pacer may send beyond its rate times the time since a share began: the first one
 * goes at the start, a request a late timer held back may catch up half a spacing, and an agent
 * that had no share sent one request to ask for it.
 */
const BURST = 2;
/** How finely the handover is checked: between two looks no count moves by more than a fraction of a request. */
const LOOK_MS = 5;

/** A share of one budget, from a moment on by the control plane's clock, until the next step. */
interface Step {
  from: number;
  rate: number;
}

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
  /** Its shares of each budget over the last window and ahead: the last one is the grant. */
  steps: Map<string, Step[]>;
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
      steps: previous?.steps ?? new Map(),
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
        if ([...holder.steps.values()].every((steps) => steps.at(-1)!.from <= now - COUNTED_MS - HEARD_MS)) this.holders.delete(agentId);
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
    for (const id of [...holder.grants.keys()]) this.setShare(holder, id, 0, now, now);
    holder.connected = false;
    holder.wants.clear();
    if (rebalance) this.rebalance(ids);
  }

  /**
   * Divides each touched budget anew and tells every agent whose share changed (and `renew`).
   * Shrunk shares hold at once; a grown one starts only when it fits beside what Stripe may still
   * count of the others' requests, so that the handover itself never exceeds the limit.
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
        const granted = holder.grants.get(id) ?? 0;
        if (share === granted || (share > 0 && Math.abs(granted - share) <= 0.005 * share)) continue;
        if (share > rateAt(holder.steps.get(id) ?? [], now)) grown.push([holder, share]);
        else this.setShare(holder, id, share, now, now);
        changed.add(holder);
      }
      for (const [holder, share] of grown) this.setShare(holder, id, share, this.startOf(holder, id, share, budget, now), now);
    }
    for (const holder of changed) this.sendRates(holder);
  }

  /** `holder`'s share of `id` is `rate` from `from` on; a step that had not begun by then never will. */
  private setShare(holder: Holder, id: string, rate: number, from: number, now: number): void {
    const steps = (holder.steps.get(id) ?? []).filter((step) => step.from < from && step.from <= now);
    steps.push({ from, rate });
    // Of the steps that began a window ago, only the last one is still in it.
    holder.steps.set(id, steps.slice(Math.max(0, steps.findLastIndex((step) => step.from <= now - COUNTED_MS - HEARD_MS))));
    if (rate > 0) holder.grants.set(id, rate);
    else holder.grants.delete(id);
  }

  /**
   * The earliest time a share grown to `share` fits beside the others: from then on, what Stripe may
   * count of everyone's requests stays within the budget at every moment, while the shares that
   * shrank leave its window and those that grew fill it. It always fits once every other step is a
   * window old, and starting later never counts more, so the earliest is found by halving.
   */
  private startOf(holder: Holder, id: string, share: number, budget: number, now: number): number {
    const others = [...this.holders.values()].filter((h) => h !== holder).map((h) => h.steps.get(id) ?? []);
    const own = (holder.steps.get(id) ?? []).filter((step) => step.from <= now);
    const settled = Math.max(now, ...others.flatMap((steps) => steps.map((step) => step.from))) + HEARD_MS + COUNTED_MS;
    const fits = (start: number) => {
      const steps = [...own.filter((step) => step.from < start), { from: start, rate: share }];
      for (let at = start; at <= settled + COUNTED_MS; at += LOOK_MS) {
        const counted = others.reduce((sum, theirs) => sum + countable(theirs, at), countable(steps, at));
        if (counted > budget + 1e-9) return false;
      }
      return true;
    };
    let [early, late] = [0, Math.ceil((settled - now) / LOOK_MS)];
    if (fits(now)) return now;
    while (late - early > 1) {
      const middle = Math.floor((early + late) / 2);
      if (fits(now + middle * LOOK_MS)) late = middle;
      else early = middle;
    }
    return now + late * LOOK_MS;
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
        return { key, bucket, rate: round(rate), startsInMs: Math.max(0, Math.ceil((holder.steps.get(id)?.at(-1)?.from ?? 0) - this.now())) };
      }),
    });
  }
}

/** The share in effect at `at`. */
function rateAt(steps: readonly Step[], at: number): number {
  return steps.findLast((step) => step.from <= at)?.rate ?? 0;
}

/**
 * The most requests of an agent paced by `steps` that Stripe may count in the window ending at
 * `at`. The pacer sends none while its count within the window is at the rate in effect, so the
 * requests up to any moment number at most the largest rate in effect so far; it spaces them at
 * the rate in effect, so those after that moment number at most what the rates allow over the
 * time, plus a burst. If the window's last request went during a given step, the whole window
 * holds at most that step's rate. A smaller share counts from when its agent may have heard of it.
 */
function countable(steps: readonly Step[], at: number): number {
  const windowStart = at - COUNTED_MS;
  const begins = steps.map((step, i) => step.from + (i > 0 && step.rate < steps[i - 1]!.rate ? HEARD_MS : 0));
  let largest = 0;
  let spaced = 0;
  let most = 0;
  steps.forEach((step, i) => {
    const from = Math.max(begins[i]!, windowStart);
    const until = Math.min(Math.max(begins[i]!, begins[i + 1] ?? Infinity), at);
    if (until <= from || step.rate === 0) return;
    largest = Math.max(largest, step.rate);
    spaced = Math.min(largest, spaced + (step.rate * (until - from)) / 1000);
    most = Math.max(most, Math.min(step.rate, spaced + BURST));
  });
  return most;
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
