import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError, createConnector, type ConnectionConfig, type StripeConnector } from '../src/connectors/stripe/index.js';
import type { RequestRecord, Sandbox } from '../src/sandbox/server.js';
import { Sandbox as SandboxServer } from '../src/sandbox/server.js';
import { call, testKey } from './support/sandbox.js';

let sandbox: Sandbox;
const requests: RequestRecord[] = [];
/** Fast back-off and no pacing to speak of: these tests are about behaviour, not speed. */
let connector: StripeConnector;

beforeAll(async () => {
  sandbox = await SandboxServer.start({ port: 0, onRequest: (r) => requests.push(r) });
  connector = createConnector({ retry: { baseMs: 5, capMs: 50 }, rateLimits: { test: 10_000, live: 10_000, search: 10_000 } });
});
afterAll(() => sandbox.close());

function connection(key = testKey(), extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { name: 'Sandbox', apiKey: key, apiBase: sandbox.url, ...extra };
}

async function failure(promise: Promise<unknown> | (() => Promise<unknown>)): Promise<ConnectorError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    return e as ConnectorError;
  }
  throw new Error('expected a failure');
}

/** An HTTPS server with a certificate nobody trusts, made with openssl for this run. */
async function selfSignedServer(): Promise<{ server: Server; port: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function collect(iterable: AsyncIterable<Record<string, unknown>>): Promise<Array<Record<string, unknown>>> {
  const out = [];
  for await (const r of iterable) out.push(r);
  return out;
}

async function count(key: string, path: string): Promise<number> {
  return (await call(sandbox, 'GET', `/v1/${path}`, key, { limit: '100' })).body.data.length;
}

describe('the connection', () => {
  it.each([
    ['sk_test_abc', 'test', 'secret'],
    ['sk_live_abc', 'live', 'secret'],
    ['rk_test_abc', 'test', 'restricted'],
    ['rk_live_abc', 'live', 'restricted'],
  ])('accepts %s as a %s %s key', (apiKey, mode, keyKind) => {
    expect(connector.validateConnection({ name: 'A', apiKey })).toMatchObject({ mode, keyKind, apiBase: 'https://api.stripe.com', useProxySettings: false });
  });

  it.each([
    [{ name: '', apiKey: 'sk_test_a' }, /name is required/],
    [{ name: 'a/b', apiKey: 'sk_test_a' }, /must not contain '\/' or ':'/],
    [{ name: 'a:b', apiKey: 'sk_test_a' }, /must not contain '\/' or ':'/],
    [{ name: 'A', apiKey: 'pk_test_abc' }, /publishable key \(pk_…\), which cannot call the API; use a secret key \(sk_…\) or a restricted key \(rk_…\)/],
    [{ name: 'A', apiKey: 'whsec_abc' }, /needs the form sk_test_…, sk_live_…, rk_test_… or rk_live_…/],
    [{ name: 'A' }, /apiKey is required/],
    [{ name: 'A', apiKey: 'sk_test_a', apiBase: 'http://api.example.com' }, /plain http, which is allowed only for loopback hosts/],
    [{ name: 'A', apiKey: 'sk_test_a', apiBase: 'api.stripe.com' }, /is not a URL; write it with its scheme/],
    [{ name: 'A', apiKey: 'sk_test_a', apiBase: 'https://api.stripe.com/v1' }, /scheme, host and port only/],
    [{ name: 'A', apiKey: 'sk_test_a', useProxySettings: 'yes' }, /useProxySettings must be true or false/],
  ])('refuses %j, saying why', (config, message) => {
    let error: unknown;
    try {
      connector.validateConnection(config);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect((error as Error).message).toMatch(message);
  });

  it('Test reports mode, key kind, latency and the connector version', async () => {
    const result = await connector.test(connection());
    expect(result).toMatchObject({ ok: true, mode: 'test', keyKind: 'secret', connectorVersion: connector.manifest.version, apiBase: sandbox.url });
    expect(result.latencyMs).toEqual(expect.any(Number));
    expect(await connector.test(connection(testKey('rk')))).toMatchObject({ ok: true, keyKind: 'restricted' });
  });

  it('Test names each way a connection fails', async () => {
    const live = await failure(connector.test(connection('sk_live_0123456789abcdefghij')));
    expect(live).toMatchObject({ code: 'authentication_failed', retryable: false });
    expect(live.message).not.toContain('0123456789abcdefghij');

    const dns = await failure(connector.test(connection(testKey(), { apiBase: 'https://stripe-agent-test.invalid' })));
    expect(dns.code).toBe('dns');
    expect(dns.message).toMatch(/could not be resolved/);

    const refused = await failure(
      createConnector({ retry: { attempts: 2, baseMs: 1 } }).test(connection(testKey(), { apiBase: 'http://127.0.0.1:1' })),
    );
    expect(refused).toMatchObject({ code: 'connection_refused', retryable: true });

    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '1000' });
    try {
      const slow = await failure(createConnector({ timeoutMs: 100, retry: { attempts: 1 } }).test(connection()));
      expect(slow).toMatchObject({ code: 'timeout', retryable: true });
    } finally {
      await call(sandbox, 'DELETE', '/_sandbox/faults', undefined);
    }

    const notTls = await failure(connector.test(connection(testKey(), { apiBase: sandbox.url.replace('http:', 'https:') })));
    expect(notTls.code).toBe('tls');

    const selfSigned = await selfSignedServer();
    try {
      const untrusted = await failure(connector.test(connection(testKey(), { apiBase: `https://localhost:${selfSigned.port}` })));
      expect(untrusted.code).toBe('tls');
      expect(untrusted.message).toMatch(/SELF_SIGNED|certificate/i);
    } finally {
      selfSigned.server.close();
    }
  });
});

describe('the five activities against the sandbox', () => {
  it('create, read, update, search and delete customers', async () => {
    const c = connection();
    const created = await connector.create(c, { object: 'customers', data: { email: 'a@example.com', metadata: { k: 'v' } }, idempotencyKey: 'cust-1' });
    expect(created).toMatchObject({ object: 'customer', email: 'a@example.com' });
    const id = created.id as string;
    expect(await connector.read(c, { object: 'customers', id })).toEqual(created);
    expect(await connector.update(c, { object: 'customers', id, data: { name: 'Amy' }, idempotencyKey: 'cust-1-u' })).toMatchObject({ name: 'Amy' });
    expect(await collect(connector.search(c, { object: 'customers', query: `name:'amy' metadata['k']:'v'` }))).toMatchObject([{ id }]);
    expect(await connector.delete(c, { object: 'customers', id })).toEqual({ id, object: 'customer', deleted: true });
    expect(await failure(connector.read(c, { object: 'customers', id }))).toMatchObject({ code: 'not_found', stripe: { code: 'resource_missing', status: 404 } });
  });

  it('runs every activity each object supports, and refuses delete where Stripe has none', async () => {
    const c = connection();
    const create = (object: string, data: Record<string, unknown>) => connector.create(c, { object, data, idempotencyKey: `${object}-${JSON.stringify(data)}` });
    const customer = await create('customers', { name: 'Multi' });
    const product = await create('products', { name: 'Widget' });
    const price = await create('prices', { product: product.id, currency: 'usd', unit_amount: 1200, recurring: { interval: 'month' } });
    const charge = await create('charges', { amount: 1200, currency: 'usd', source: 'tok_visa', customer: customer.id });
    const intent = await create('payment_intents', { amount: 1200, currency: 'usd', customer: customer.id });
    const invoice = await create('invoices', { customer: customer.id });
    const subscription = await create('subscriptions', { customer: customer.id, items: [{ price: price.id }] });
    const coupon = await create('coupons', { percent_off: 5 });

    const searches: Array<[string, string, unknown]> = [
      ['charges', `customer:'${customer.id}'`, charge.id],
      ['payment_intents', `customer:'${customer.id}'`, intent.id],
      ['invoices', `customer:'${customer.id}'`, invoice.id],
      ['prices', `product:'${product.id}'`, price.id],
      ['products', `name:'widget'`, product.id],
      ['subscriptions', `status:'active'`, subscription.id],
      ['customers', `name:'multi'`, customer.id],
    ];
    for (const [object, query, id] of searches) {
      expect((await collect(connector.search(c, { object, query }))).map((r) => r.id), object).toEqual([id]);
    }
    for (const [object, record] of Object.entries({ products: product, prices: price, charges: charge, payment_intents: intent, invoices: invoice, subscriptions: subscription, coupons: coupon })) {
      expect(await connector.read(c, { object, id: record.id }), object).toMatchObject({ id: record.id });
      const updated = await connector.update(c, { object, id: record.id as string, data: { metadata: { touched: 'yes' } }, idempotencyKey: `u-${object}` });
      expect(updated.metadata, object).toEqual({ touched: 'yes' });
    }
    expect(await connector.read(c, { object: 'charges', id: charge.id, expand: ['customer'] })).toMatchObject({ customer: { id: customer.id } });
    expect(await connector.delete(c, { object: 'invoices', id: invoice.id as string })).toMatchObject({ deleted: true });
    expect(await connector.delete(c, { object: 'coupons', id: coupon.id as string })).toMatchObject({ deleted: true });
    const hasPrices = await failure(connector.delete(c, { object: 'products', id: product.id as string }));
    expect(hasPrices).toMatchObject({ code: 'stripe_error', stripe: { type: 'invalid_request_error', status: 400 } });
    expect(hasPrices.message).toMatch(/has one or more user-created prices/);

    const before = requests.length;
    for (const [object, instead] of [
      ['prices', /archive instead: update it with active=false/],
      ['subscriptions', /cancel instead/],
      ['payment_intents', /cancel instead/],
      ['charges', /refund one instead/],
    ] as const) {
      const refused = await failure(connector.delete(c, { object, id: 'x_1' }));
      expect(refused.code).toBe('unsupported_activity');
      expect(refused.message).toMatch(instead);
    }
    expect(requests.length).toBe(before);
  });

  it('streams a search of more than 1,000 results a page at a time', async () => {
    const key = testKey();
    for (let i = 0; i < 1050; i++) await call(sandbox, 'POST', '/v1/products', key, { name: `Bulk ${i}`, 'metadata[batch]': 'big' });
    const searchCalls = () => requests.filter((r) => r.path === '/v1/products/search').length;
    const start = searchCalls();
    const records = connector.search(connection(key), { object: 'products', query: `metadata['batch']:'big'` });
    let seen = 0;
    const ids = new Set<unknown>();
    for await (const record of records) {
      seen++;
      ids.add(record.id);
      // Records arrive while later pages are still unfetched: nothing holds the whole result.
      if (seen === 150) expect(searchCalls() - start).toBe(2);
    }
    expect(seen).toBe(1050);
    expect(ids.size).toBe(1050);
    expect(searchCalls() - start).toBe(11);

    const capped = await collect(connector.search(connection(key), { object: 'products', query: `metadata['batch']:'big'`, maxResults: 130, pageSize: 50 }));
    expect(capped).toHaveLength(130);
  });
});

describe('retries and pacing, proved with the sandbox faults', () => {
  it('rides out 500s, dropped connections and lost answers with exactly one object per create', async () => {
    const key = testKey();
    const c = connection(key);
    for (const fault of [{ failNext: '3' }, { dropNext: '2' }, { dropResponseNext: '2' }] as Array<Record<string, string>>) {
      await call(sandbox, 'POST', '/_sandbox/faults', undefined, fault);
      await connector.create(c, { object: 'customers', data: { email: `${Object.keys(fault)[0]}@example.com` }, idempotencyKey: `job-${Object.keys(fault)[0]}` });
    }
    await call(sandbox, 'DELETE', '/_sandbox/faults', undefined);
    expect(await count(key, 'customers')).toBe(3);
  });

  it('answers a delete whose answer was lost as the deletion it was', async () => {
    const c = connection();
    const coupon = await connector.create(c, { object: 'coupons', data: { percent_off: 1 }, idempotencyKey: 'coupon-del' });
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { dropResponseNext: '1' });
    expect(await connector.delete(c, { object: 'coupons', id: coupon.id as string })).toEqual({ id: coupon.id, object: 'coupon', deleted: true });
  });

  it('survives a 429 storm: every create lands once', async () => {
    const key = testKey();
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { rateLimit: '4' });
    try {
      const patient = createConnector({ retry: { baseMs: 200, capMs: 1000, attempts: 12 }, rateLimits: { test: 1000 } });
      const c = connection(key);
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => patient.create(c, { object: 'customers', data: { email: `storm${i}@example.com` }, idempotencyKey: `storm-${i}` })),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(12);
      expect(requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    } finally {
      await call(sandbox, 'DELETE', '/_sandbox/faults', undefined);
    }
    expect(await count(key, 'customers')).toBe(12);
  });

  it('paces a burst under the key’s limit instead of bouncing off it', async () => {
    const key = testKey();
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { rateLimit: '25' });
    try {
      const unpaced = createConnector({ retry: { attempts: 1 }, rateLimits: { test: 10_000 } });
      const burst = (conn: StripeConnector) => Promise.allSettled(Array.from({ length: 40 }, () => conn.test(connection(key))));
      // Without pacing the same burst is refused: the test can fail.
      expect((await burst(unpaced)).some((r) => r.status === 'rejected')).toBe(true);
      await new Promise((r) => setTimeout(r, 1000)); // let the sandbox's one-second window empty
      const paced = createConnector({ retry: { attempts: 1 }, rateLimits: { test: 20 } });
      const outcomes = await burst(paced);
      expect(outcomes.filter((r) => r.status === 'rejected')).toEqual([]);
    } finally {
      await call(sandbox, 'DELETE', '/_sandbox/faults', undefined);
    }
  });

  it('fails at once on errors no retry can fix', async () => {
    const before = requests.length;
    const e = await failure(connector.create(connection(), { object: 'charges', data: { currency: 'usd' }, idempotencyKey: 'bad' }));
    expect(e).toMatchObject({ code: 'stripe_error', retryable: false, stripe: { code: 'parameter_missing', param: 'amount', type: 'invalid_request_error' } });
    expect(requests.length - before).toBe(1);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await failure(connector.read(connection(), { object: 'customers', id: 'cus_1' }, { signal: controller.signal }))).toMatchObject({ code: 'cancelled' });
  });
});

describe('bad inputs are refused before any request, each with its code', () => {
  it.each([
    ['search', { object: 'widgets', query: "name:'x'" }, 'unknown_object', /no object 'widgets'/],
    ['search', { object: 'customer', query: "emial:'x'" }, 'invalid_query', /'emial' is not a search field of customers.*\(at offset 0\)/],
    ['search', { object: 'coupons', query: "name:'x'" }, 'unsupported_activity', /coupons does not support search/],
    ['search', { object: 'customers' }, 'invalid_input', /query is required/],
    ['search', { object: 'customers', query: "name:'x'", pageSize: 101 }, 'invalid_input', /pageSize must be a whole number from 1 to 100/],
    ['search', { object: 'customers', query: "name:'x'", maxResults: 0 }, 'invalid_input', /maxResults/],
    ['read', { object: 'customers' }, 'invalid_input', /id is required/],
    ['read', { object: 'customers', id: '../balance' }, 'invalid_input', /is not a Stripe id/],
    ['read', { object: 'customers', id: 'cus_1', expand: 'customer' }, 'invalid_input', /expand must be a list/],
    ['create', { object: 'customers', data: 'email=x', idempotencyKey: 'k' }, 'invalid_input', /data is required/],
    ['create', { object: 'customers', data: {} }, 'invalid_input', /idempotencyKey is required/],
    ['update', { object: 'customers', data: {}, idempotencyKey: 'k' }, 'invalid_input', /id is required/],
    ['delete', { object: 'prices', id: 'price_1' }, 'unsupported_activity', /archive instead/],
    ['delete', {}, 'invalid_input', /object is required/],
  ] as const)('%s %j → %s', async (activity, input, code, message) => {
    const before = requests.length;
    const run = activity === 'search' ? () => collect(connector.search(connection(), input)) : () => connector[activity](connection(), input);
    const e = await failure(run);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    if (code === 'invalid_query') expect(e.offset).toBe(0);
    expect(requests.length).toBe(before);
  });
});

describe('the catalog', () => {
  it('is derived from the SDK: every object with its activities, fields and schemas', () => {
    const all = connector.catalog();
    expect(all.length).toBeGreaterThan(40);
    const customers = connector.catalog('customers')[0]!;
    expect(customers).toMatchObject({ object: 'customers', objectType: 'customer', sdkResource: 'customers', activities: ['search', 'read', 'create', 'update', 'delete'] });
    expect(customers.searchFields).toEqual({ created: 'numeric', email: 'string', metadata: 'token', name: 'string', phone: 'string' });
    expect(customers.subObjects.map((s) => s.name)).toEqual(expect.arrayContaining(['tax_ids', 'balance_transactions']));
    expect(customers.subObjects.find((s) => s.name === 'tax_ids')!.actions).toEqual(['create', 'delete', 'list', 'retrieve']);
    expect(customers.requestSchema.create).toMatchObject({ type: 'object', properties: { email: { type: 'string' }, metadata: { type: 'object' } } });
    expect(customers.responseSchema).toMatchObject({ type: 'object', properties: { id: { type: 'string' }, balance: { type: 'integer' } } });
    const prices = connector.catalog('prices')[0]!;
    expect(prices.activities).not.toContain('delete');
    expect(prices.requestSchema.create).toMatchObject({ required: ['currency'] });
    expect(connector.catalog('balance')[0]).toMatchObject({ activities: ['read'], singleton: true });
    expect(connector.catalog('coupons')[0]!.searchFields).toBeNull();
  });
});
