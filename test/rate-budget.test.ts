import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GroupRateBudget } from '../src/agent/rate-budget.js';
import { ConnectorError, createConnector, keyFingerprint, type BudgetKey, type ConnectionConfig } from '../src/connectors/stripe/index.js';
import { DEFAULT_RETRY, interactive } from '../src/connectors/stripe/retry.js';
import { fairShares, RateBudgets, wholeShares } from '../src/control-plane/rate-budgets.js';
import { createLogger } from '../src/logging/logger.js';
import type { RatesMessage, UsageMessage } from '../src/protocol/messages.js';
import { Sandbox, type RequestRecord } from '../src/sandbox/server.js';
import { call, testKey } from './support/sandbox.js';

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    return e as ConnectorError;
  }
  throw new Error('expected a failure');
}

describe('fair shares of a key budget', () => {
  it('gives no one more than it wants while another gets less than an equal share, and hands out the rest', () => {
    const shares = fairShares(24, [['a', 24], ['b', 24], ['c', 24]]);
    expect([...shares.values()]).toEqual([8, 8, 8]);
    const uneven = fairShares(24, [['busy', 24], ['light', 2]]);
    expect(uneven.get('light')).toBe(2);
    expect(uneven.get('busy')).toBe(22);
    const idle = fairShares(24, [['a', 2], ['b', 4]]);
    expect(idle.get('a')! + idle.get('b')!).toBeCloseTo(24);
    expect(idle.get('b')! - idle.get('a')!).toBeCloseTo(2);
    expect(fairShares(24, []).size).toBe(0);
  });

  it('are whole requests a second where they are one or more, adding up to no more than the budget', () => {
    expect([...wholeShares(fairShares(25, [['a', 25], ['b', 25]]), 25).values()]).toEqual([13, 12]);
    expect([...wholeShares(fairShares(25, [['a', 25], ['b', 25], ['c', 25]]), 25).values()]).toEqual([9, 8, 8]);
    expect([...wholeShares(fairShares(20, [['a', 0.4], ['b', 20]]), 20).values()]).toEqual([0.4, 19]);
  });
});

describe("an agent's part of the group budget", () => {
  const key: BudgetKey = { fingerprint: keyFingerprint('sk_test_x'), bucket: 'requests', limit: 25 };
  const rates = (grants: Array<{ rate: number; startsInMs?: number }>, fallbackShare = 0.48) => ({
    type: 'rates' as const, leaseMs: 1000, refreshMs: 60_000, fallbackShare,
    grants: grants.map((g) => ({ key: key.fingerprint, bucket: 'requests' as const, rate: g.rate, startsInMs: g.startsInMs ?? 0 })),
  });

  it('paces at its lease while it holds, waits for a share of a key it holds none of, and falls back once its shares lapse', () => {
    let now = 1_000_000;
    const sent: UsageMessage[] = [];
    const budget = new GroupRateBudget((m) => (sent.push(m), true), () => now);
    expect(budget.rate(key)).toBe(25);
    budget.used(key, 0);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.wants).toEqual([{ key: key.fingerprint, bucket: 'requests', rate: 25 }]);
    budget.onRates(rates([{ rate: 12 }]));
    expect(budget.rate(key)).toBe(12);
    // The whole budget is shared out: a key without a share waits for one while the shares hold.
    expect(budget.rate({ ...key, bucket: 'search', limit: 20 })).toBe(0);
    now += 850;
    expect(budget.rate(key)).toBe(12);
    now += 100;
    expect(budget.rate({ ...key, bucket: 'search', limit: 20 })).toBeCloseTo(20 * 0.48);
    expect(budget.rate(key)).toBeCloseTo(25 * 0.48);
    budget.used(key, 0);
    expect(sent).toHaveLength(1);
    budget.disconnected();
  });

  it('keeps its old pace until a larger share starts, and takes a smaller one at once', () => {
    let now = 1_000_000;
    const budget = new GroupRateBudget(() => true, () => now);
    budget.onRates(rates([{ rate: 8 }]));
    budget.onRates(rates([{ rate: 12, startsInMs: 500 }]));
    expect(budget.rate(key)).toBe(8);
    now += 499;
    expect(budget.rate(key)).toBe(8);
    now += 1;
    expect(budget.rate(key)).toBe(12);
    budget.onRates(rates([{ rate: 6, startsInMs: 0 }]));
    expect(budget.rate(key)).toBe(6);
    budget.disconnected();
    expect(budget.rate({ ...key, bucket: 'search', limit: 20 })).toBeCloseTo(20 * 0.48);
  });

  it('counts Stripe answers by status for its reports', () => {
    const sent: UsageMessage[] = [];
    const budget = new GroupRateBudget((m) => (sent.push(m), true));
    for (const status of [200, 200, 429, 0]) budget.answered(status);
    budget.connected();
    expect(sent.at(-1)!.requests).toEqual({ 200: 2, 429: 1, 0: 1 });
    budget.disconnected();
  });
});

describe('rate limits and retries in the connector', () => {
  let sandbox: Sandbox;
  const requests: Array<RequestRecord & { at: number }> = [];
  const connection = (extra: Partial<ConnectionConfig> = {}): ConnectionConfig => ({ name: 'S', apiKey: testKey(), apiBase: sandbox.url, ...extra });

  beforeAll(async () => {
    sandbox = await Sandbox.start({ port: 0, onRequest: (r) => requests.push({ ...r, at: Date.now() }) });
  });
  afterAll(() => sandbox.close());

  it("honours Stripe-Should-Retry: false, and waits Retry-After before trying again", async () => {
    const connector = createConnector({ retry: { baseMs: 1, capMs: 5 } });
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { rateLimitNext: '1' });
    const before = requests.length;
    const throttled = await failure(connector.read(connection(), { object: 'customers', id: 'cus_x' }));
    expect(throttled).toMatchObject({ code: 'rate_limited', retryable: false });
    expect(requests.length - before).toBe(1);

    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { rateLimit: '1', retryAfter: '1' });
    const c = connection();
    await connector.create(c, { object: 'customers', data: {}, idempotencyKey: 'first' });
    const created = await connector.create(c, { object: 'customers', data: {}, idempotencyKey: 'wait-for-it' });
    expect(created.id).toMatch(/^cus_/);
    const [refused, accepted] = requests.slice(-2);
    expect(refused!.status).toBe(429);
    expect(accepted!.at - refused!.at).toBeGreaterThanOrEqual(1000);
    await call(sandbox, 'DELETE', '/_sandbox/faults', undefined);
  });

  it('takes the limits a connection sets, and refuses ones that cannot be', () => {
    const connector = createConnector();
    expect(connector.validateConnection({ name: 'A', apiKey: 'sk_live_a' })).toMatchObject({ rateLimit: 100, searchRateLimit: 20 });
    expect(connector.validateConnection({ name: 'A', apiKey: 'sk_test_a' })).toMatchObject({ rateLimit: 25, searchRateLimit: 20 });
    expect(connector.validateConnection({ name: 'A', apiKey: 'sk_live_a', rateLimit: 500, searchRateLimit: 50 })).toMatchObject({ rateLimit: 500, searchRateLimit: 50 });
    expect(() => connector.validateConnection({ name: 'A', apiKey: 'sk_live_a', rateLimit: 0 })).toThrow(/rateLimit must be a number of requests per second from 1 to 100000/);
    expect(() => connector.validateConnection({ name: 'A', apiKey: 'sk_live_a', searchRateLimit: 'fast' })).toThrow(/searchRateLimit must be/);
  });
});

describe('a Test fails fast where a job keeps its retries', () => {
  let server: Server;
  let connections = 0;
  let port = 0;

  beforeAll(async () => {
    // Accepts and drops every connection: a failure that retrying might fix, counted.
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it('tries a Test half as often as a read, on the same failing host', async () => {
    const connector = createConnector({ retry: { baseMs: 1, capMs: 5 } });
    const config = { name: 'Flaky', apiKey: testKey(), apiBase: `http://127.0.0.1:${port}` };
    connections = 0;
    expect((await failure(connector.test(config))).retryable).toBe(true);
    const test = connections;
    connections = 0;
    await failure(connector.read(config, { object: 'customers', id: 'cus_1' }));
    // Three attempts against six; Node's HTTP client may open a second socket for each.
    expect(connections).toBe(2 * test);
    expect(test).toBeGreaterThanOrEqual(3);
  });

  it('answers a Test of a host that refuses connections within a bound well under 2 s, naming the host', async () => {
    // The bound is the interactive policy's: its retries stop starting after totalMs.
    expect(interactive(DEFAULT_RETRY).totalMs).toBeLessThanOrEqual(1_500);
    const refused = await failure(createConnector().test({ name: 'Down', apiKey: testKey(), apiBase: 'http://127.0.0.1:1' }));
    expect(refused).toMatchObject({ code: 'connection_refused' });
    expect(refused.message).toMatch(/127\.0\.0\.1:1/);
    expect(refused.message).not.toMatch(/proxy/);
  });
});

describe("the control plane's division of a key's budget", () => {
  const apiKey = testKey();
  const fingerprint = keyFingerprint(apiKey);
  const connector = createConnector();
  let now = 0;

  function peer(agentId: string) {
    const got: RatesMessage[] = [];
    return { agentId, group: 'default', send: (m: RatesMessage) => void got.push(m), got,
      share: () => got.at(-1)?.grants.find((g) => g.bucket === 'requests')?.rate,
      startsIn: () => got.at(-1)?.grants.find((g) => g.bucket === 'requests')?.startsInMs,
    };
  }
  const wants = (rate: number): UsageMessage => ({ type: 'usage', wants: [{ key: fingerprint, bucket: 'requests', rate }], requests: {} });
  let budgets: RateBudgets;
  beforeEach(() => {
    now = 0;
    budgets = new RateBudgets({ refreshMs: 100, leaseMs: 300 }, connector, () => [{ name: 'K', apiKey }], createLogger('test', 'silent'), () => now);
  });
  afterEach(() => budgets.close());

  it('splits it among the agents that want it, frees a share on goodbye, and holds a vanished one until its lease lapses', () => {
    const a = peer('a');
    const b = peer('b');
    const c = peer('c');
    budgets.join(a);
    expect(a.got.at(-1)).toMatchObject({ fallbackShare: 1, grants: [] });
    budgets.join(b);
    expect(a.got.at(-1)!.fallbackShare).toBe(0.5);
    budgets.usage('a', wants(25));
    expect([a.share(), a.startsIn()]).toEqual([25, 0]);
    now += 2000;
    budgets.usage('b', wants(25));
    // Stripe still counts what a sent at 25 a second for a while after it shrank. Those requests
    // leave its window as evenly as b's come in: b starts once the sum stays within 25 throughout.
    expect([a.share(), a.startsIn(), b.share(), b.startsIn()]).toEqual([13, 0, 12, 300]);

    now += 100;
    budgets.join(c);
    budgets.usage('c', wants(25));
    // b's start stays where it was; c's waits a little longer, beside b's growth as well.
    expect([a.share(), b.share(), b.startsIn(), c.share(), c.startsIn()]).toEqual([9, 8, 200, 8, 315]);

    now += 2000;
    budgets.leave(c, true);
    // c's last requests count a while after its goodbye, too: a's growth fits beside them as they
    // leave, and b's beside those and a's.
    expect([a.share(), a.startsIn(), b.share(), b.startsIn()]).toEqual([13, 665, 12, 1135]);

    budgets.leave(b, false);
    budgets.usage('a', wants(25));
    expect(a.share()).toBe(13);
    now += 301;
    budgets.usage('a', wants(25));
    expect(a.share()).toBe(13);
    budgets.expire();
    expect([a.share(), a.startsIn()]).toEqual([25, 410]);
    expect(budgets.view()).toEqual([{ key: fingerprint, bucket: 'requests', limit: 25, shares: { a: 25 } }]);
  });

  it('starts agents that join within a moment of each other at once: a share just begun has sent next to nothing', () => {
    const a = peer('a');
    const b = peer('b');
    const c = peer('c');
    for (const p of [a, b, c]) budgets.join(p);
    budgets.usage('a', wants(25));
    now += 100;
    budgets.usage('b', wants(25));
    budgets.usage('c', wants(25));
    expect([a, b, c].map((p) => [p.share(), p.startsIn()])).toEqual([[9, 0], [8, 0], [8, 0]]);

    // A second on, what the three sent fills Stripe's window: a newcomer waits for some of it to leave.
    now += 1000;
    budgets.leave(c, true);
    budgets.leave(b, true);
    budgets.usage('a', wants(25));
    const d = peer('d');
    budgets.join(d);
    budgets.usage('d', wants(25));
    expect(d.share()).toBe(12);
    expect(d.startsIn()).toBeGreaterThan(0);
  });
});
