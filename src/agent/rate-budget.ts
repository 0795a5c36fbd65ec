import type { BudgetKey, RateBudget } from '../connectors/stripe/index.js';
import type { RatesMessage, UsageMessage } from '../protocol/messages.js';

interface Lease {
  rate: number;
  /** By this agent's clock: a little before the control plane's, so that the two never overlap. */
  expiresAt: number;
  /** A larger share starts when the control plane says others' larger ones no longer count. */
  startsAt: number;
  /** The rate until then. */
  before: number;
}

interface Demand {
  key: BudgetKey;
  sent: number;
  /** Requests that had to wait for their slot: this agent would go faster if it could. */
  waited: number;
  lastUsed: number;
  /** First used since the last report: its demand is not known yet. */
  fresh: boolean;
  /** Requests waiting for a slot now. */
  pending: number;
}

/** Shares are trusted for this part of their lease, which covers the message's time in flight. */
const LEASE_TRUST = 0.9;
/** A key not used for this many refreshes is no longer reported: its share goes to others. */
const FORGET_REFRESHES = 3;

/**
 * This agent's part of its group's Stripe budgets: the pacer asks it how fast each key may go,
 * and it answers from the shares the control plane leased it, without a round trip. It reports
 * what it wants every refresh (at once for a key it has not used before) and counts Stripe's
 * answers by status. While its shares are current, a key it holds none of waits for one (the
 * whole budget is shared out among the agents using it; its first request goes and asks). With no
 * word from the control plane, a key goes at the fallback share: the even split of the group.
 */
export class GroupRateBudget implements RateBudget {
  private leases = new Map<string, Lease>();
  private readonly demand = new Map<string, Demand>();
  private readonly answers = new Map<string, number>();
  private fallbackShare = 1;
  /** Until when the last shares hold: a key without one waits for one until then. */
  private sharesUntil = 0;
  private refreshMs = 10_000;
  private lastReport: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Sends a report when connected; false when not. */
    private readonly send: (message: UsageMessage) => boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.lastReport = now();
  }

  rate(key: BudgetKey): number {
    const now = this.now();
    const lease = this.leases.get(id(key));
    if (lease && lease.expiresAt > now) return now < lease.startsAt ? lease.before : lease.rate;
    return now < this.sharesUntil ? 0 : key.limit * this.fallbackShare;
  }

  waiting(key: BudgetKey, change: 1 | -1): void {
    const demand = this.demandOf(key);
    demand.pending = Math.max(0, demand.pending + change);
    demand.lastUsed = this.now();
  }

  used(key: BudgetKey, waitedMs: number): void {
    const demand = this.demandOf(key);
    demand.key = key;
    demand.sent++;
    if (waitedMs > 0) demand.waited++;
    demand.lastUsed = this.now();
  }

  /** A key not seen before is reported at once: its share should not wait for the next refresh. */
  private demandOf(key: BudgetKey): Demand {
    let demand = this.demand.get(id(key));
    if (!demand) {
      demand = { key, sent: 0, waited: 0, lastUsed: this.now(), fresh: true, pending: 0 };
      this.demand.set(id(key), demand);
      this.report();
    }
    return demand;
  }

  /** Stripe answered with `status` (0: no answer came). */
  answered(status: number): void {
    const name = String(status);
    this.answers.set(name, (this.answers.get(name) ?? 0) + 1);
  }

  /**
   * The shares the control plane leased this agent: they replace the ones it had. A smaller share
   * holds at once; a larger one when the control plane says, since the agents whose shares shrank
   * to make room for it sent at their old pace within Stripe's window.
   */
  onRates(message: RatesMessage): void {
    const now = this.now();
    const expiresAt = now + message.leaseMs * LEASE_TRUST;
    const leases = new Map<string, Lease>();
    for (const g of message.grants) {
      const name = `${g.key}:${g.bucket}`;
      const old = this.leases.get(name);
      const current = old && old.expiresAt > now ? (now < old.startsAt ? old.before : old.rate) : 0;
      // A renewal of the same share keeps its start.
      if (old && old.expiresAt > now && old.rate === g.rate) leases.set(name, { ...old, expiresAt });
      else if (g.rate > current) leases.set(name, { rate: g.rate, expiresAt, startsAt: now + g.startsInMs, before: current });
      else leases.set(name, { rate: g.rate, expiresAt, startsAt: now, before: g.rate });
    }
    this.leases = leases;
    this.fallbackShare = message.fallbackShare;
    this.sharesUntil = expiresAt;
    if (message.refreshMs !== this.refreshMs || !this.timer) {
      this.refreshMs = message.refreshMs;
      this.schedule();
    }
  }

  /** Connected: report now, so that shares and fallback are current before the first job. */
  connected(): void {
    this.report();
    this.schedule();
  }

  /** Disconnected: no reports; the leases run out on their own, and a key without one goes at the fallback. */
  disconnected(): void {
    this.sharesUntil = 0;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => this.report(), this.refreshMs);
    this.timer.unref();
  }

  /**
   * What each key's budget is wanted for: all of it where requests wait for their slots now or
   * mostly did (the control plane gives as much as is fair), else a margin over the rate used
   * since last time.
   */
  private report(): void {
    const now = this.now();
    const elapsed = Math.max(1, now - this.lastReport);
    const wants: UsageMessage['wants'] = [];
    for (const [name, d] of this.demand) {
      if (d.pending === 0 && now - d.lastUsed > FORGET_REFRESHES * this.refreshMs) {
        this.demand.delete(name);
        continue;
      }
      const queued = d.fresh || d.pending > 0 || (d.sent > 0 && d.waited * 2 >= d.sent);
      const rate = queued ? d.key.limit : Math.min(d.key.limit, Math.max(1, (1.5 * d.sent * 1000) / elapsed));
      wants.push({ key: d.key.fingerprint, bucket: d.key.bucket, rate: Math.round(rate * 1000) / 1000 });
    }
    if (!this.send({ type: 'usage', wants, requests: Object.fromEntries(this.answers) })) return;
    this.lastReport = now;
    for (const d of this.demand.values()) {
      d.sent = 0;
      d.waited = 0;
      d.fresh = false;
    }
  }
}

function id(key: BudgetKey): string {
  return `${key.fingerprint}:${key.bucket}`;
}
