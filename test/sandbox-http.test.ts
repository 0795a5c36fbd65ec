import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/server.js';
import { call, startSandbox, stripeFor, testKey } from './support/sandbox.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

describe('plain HTTP as in Stripe API reference', () => {
  it('takes form-encoded bodies with nested hashes, lists and empty strings that unset', async () => {
    const key = testKey();
    const created = await call(
      sandbox,
      'POST',
      '/v1/customers',
      key,
      'email=jenny%40example.com&metadata[order_id]=6735&metadata[note]=vip&address[city]=Berlin&preferred_locales[]=de&preferred_locales[]=en',
    );
    expect(created.status).toBe(200);
    expect(created.headers.get('request-id')).toMatch(/^req_/);
    expect(created.body).toMatchObject({
      email: 'jenny@example.com',
      metadata: { order_id: '6735', note: 'vip' },
      address: { city: 'Berlin' },
      preferred_locales: ['de', 'en'],
    });

    const unset = await call(sandbox, 'POST', `/v1/customers/${created.body.id}`, key, 'email=&metadata[note]=');
    expect(unset.body.email).toBeNull();
    expect(unset.body.metadata).toEqual({ order_id: '6735' });
    const cleared = await call(sandbox, 'POST', `/v1/customers/${created.body.id}`, key, 'metadata=');
    expect(cleared.body.metadata).toEqual({});
  });

  it('takes items[0][price] lists of hashes', async () => {
    const key = testKey();
    const customer = await call(sandbox, 'POST', '/v1/customers', key, 'name=Sub');
    const price = await call(sandbox, 'POST', '/v1/prices', key, 'currency=usd&unit_amount=500&recurring[interval]=year&product_data[name]=Yearly');
    expect(price.status).toBe(200);
    const sub = await call(sandbox, 'POST', '/v1/subscriptions', key, `customer=${customer.body.id}&items[0][price]=${price.body.id}&items[0][quantity]=3`);
    expect(sub.status).toBe(200);
    expect(sub.body.items.data[0]).toMatchObject({ quantity: 3, price: { id: price.body.id, recurring: { interval: 'year' } } });
  });

  it('accepts HTTP Basic with the key as the user name', async () => {
    const key = testKey();
    const res = await fetch(`${sandbox.url}/v1/customers`, {
      headers: { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ object: 'list', data: [], has_more: false, url: '/v1/customers' });
  });

  it.each([
    ['no key', undefined, /You did not provide an API key/],
    ['a malformed key', 'not-a-key', /Invalid API Key provided/],
    ['a publishable key', 'pk_test_abcdef', /publishable API key/],
    ['a live key', 'sk_live_abcdefghijklmnopqrstuvwxyz', /test mode only/],
  ])('refuses %s with 401 and Stripe’s error body', async (_name, key, message) => {
    const res = await call(sandbox, 'GET', '/v1/customers', key);
    expect(res.status).toBe(401);
    expect(res.body.error.type).toBe('invalid_request_error');
    expect(res.body.error.message).toMatch(message);
    if (key && key.length > 20) expect(JSON.stringify(res.body)).not.toContain(key.slice(8, -4));
  });

  it.each([
    ['an unknown parameter', '/v1/customers', 'nickname=x', 'parameter_unknown', 'nickname', 'Received unknown parameter: nickname'],
    ['an unknown nested parameter', '/v1/customers', 'address[planet]=Mars', 'parameter_unknown', 'address[planet]', 'Received unknown parameter: address[planet]'],
    ['a missing required one', '/v1/products', 'description=x', 'parameter_missing', 'name', 'Missing required param: name.'],
    ['a required one sent empty', '/v1/products', 'name=', 'parameter_invalid_empty', 'name', /cannot be unset/],
    ['a wrong integer', '/v1/charges', 'amount=ten&currency=usd&source=tok_visa', 'parameter_invalid_integer', 'amount', 'Invalid integer: ten'],
    ['a wrong boolean', '/v1/products', 'name=x&active=maybe', undefined, 'active', 'Invalid boolean: maybe'],
    ['a value outside a closed enum', '/v1/refunds', 'charge=ch_1&origin=elsewhere', undefined, 'origin', 'Invalid origin: must be one of customer_balance'],
    ['a hash where a value belongs', '/v1/customers', 'email[a]=b', undefined, 'email', /expected a single value/],
  ])('answers %s with Stripe’s 400', async (_name, path, form, code, param, message) => {
    const res = await call(sandbox, 'POST', path, testKey(), form);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param });
    if (code) expect(res.body.error.code).toBe(code);
    if (typeof message === 'string') expect(res.body.error.message).toBe(message);
    else expect(res.body.error.message).toMatch(message);
  });

  it('answers a query Stripe would refuse with 400 on param query, saying what and where', async () => {
    const res = await call(sandbox, 'GET', '/v1/charges/search', testKey(), { query: "amount>'ten'" });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param: 'query' });
    expect(res.body.error.message).toMatch(/'>' needs a number \(at offset 7\)/);
    const notSearchable = await call(sandbox, 'GET', '/v1/coupons/search', testKey(), { query: "name:'x'" });
    expect(notSearchable.status).toBe(404);
  });

  it('answers unknown routes as Stripe does', async () => {
    const res = await call(sandbox, 'GET', '/v1/widgets', testKey());
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/widgets\)/);
  });

  it('refuses JSON bodies, naming the encoding Stripe takes', async () => {
    const json = await fetch(`${sandbox.url}/v1/customers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${testKey()}`, 'Content-Type': 'application/json' },
      body: '{"email":"x@example.com"}',
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as any).error.message).toMatch(/form-encoded/);
  });

  it('pages lists with limit, starting_after, ending_before and created ranges', async () => {
    const key = testKey();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await call(sandbox, 'POST', '/v1/coupons', key, { percent_off: String(i + 1) })).body.id);
    const newestFirst = [...ids].reverse();

    const first = await call(sandbox, 'GET', '/v1/coupons', key, { limit: '3' });
    expect(first.body.data.map((c: any) => c.id)).toEqual(newestFirst.slice(0, 3));
    expect(first.body.has_more).toBe(true);
    const second = await call(sandbox, 'GET', '/v1/coupons', key, { limit: '3', starting_after: newestFirst[2]! });
    expect(second.body.data.map((c: any) => c.id)).toEqual(newestFirst.slice(3, 6));
    const last = await call(sandbox, 'GET', '/v1/coupons', key, { limit: '3', starting_after: newestFirst[5]! });
    expect(last.body).toMatchObject({ has_more: false, data: [{ id: newestFirst[6] }] });
    const back = await call(sandbox, 'GET', '/v1/coupons', key, { limit: '2', ending_before: newestFirst[4]! });
    expect(back.body.data.map((c: any) => c.id)).toEqual(newestFirst.slice(2, 4));
    expect(back.body.has_more).toBe(true);

    // `created` counts seconds, and the seven may straddle one: the ranges are checked against their own times.
    const created = (await call(sandbox, 'GET', '/v1/coupons', key, { limit: '100' })).body.data.map((c: any) => c.created as number);
    const [oldest, newest] = [Math.min(...created), Math.max(...created)];
    const inRange = await call(sandbox, 'GET', '/v1/coupons', key, `created[gte]=${oldest}&created[lte]=${newest}&limit=100`);
    expect(inRange.body.data).toHaveLength(7);
    const exact = await call(sandbox, 'GET', '/v1/coupons', key, `created=${newest}&limit=100`);
    expect(exact.body.data).toHaveLength(created.filter((t: number) => t === newest).length);
    const later = await call(sandbox, 'GET', '/v1/coupons', key, `created[gt]=${newest}`);
    expect(later.body.data).toHaveLength(0);

    const bad = await call(sandbox, 'GET', '/v1/coupons', key, { limit: '101' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('limit');
    const unknownCursor = await call(sandbox, 'GET', '/v1/coupons', key, { starting_after: 'NOPE' });
    expect(unknownCursor.body.error).toMatchObject({ code: 'resource_missing', param: 'starting_after' });
  });

  it('evaluates search the way Stripe documents it', async () => {
    const key = testKey();
    const make = (form: Record<string, string>) => call(sandbox, 'POST', '/v1/customers', key, form);
    const jane = (await make({ name: 'Jane Marie Doe', email: 'jane@example.com', 'metadata[tier]': 'Gold' })).body.id;
    const john = (await make({ name: 'John Doe', email: 'john@example.org', phone: '+4930123' })).body.id;
    const nobody = (await make({ description: 'no name' })).body.id;
    const search = async (query: string) =>
      (await call(sandbox, 'GET', '/v1/customers/search', key, { query, limit: '100' })).body.data.map((c: any) => c.id).sort();

    expect(await search("name:'jane doe'")).toEqual([jane]);
    expect(await search("name:'doe jane'")).toEqual([]);
    expect(await search("name:'doe'")).toEqual([jane, john].sort());
    expect(await search("email~'example.org'")).toEqual([john]);
    expect(await search("metadata['tier']:'gold'")).toEqual([jane]);
    expect(await search("-metadata['tier']:null")).toEqual([jane]);
    expect(await search('name:null')).toEqual([nobody]);
    expect(await search("-name:'doe'")).toEqual([nobody]);
    expect(await search("phone:'4930123' OR email:'jane@example.com'")).toEqual([jane, john].sort());
    expect(await search("name:'doe' AND -email~'example.org'")).toEqual([jane]);
  });

  it('injects faults on demand: 500s, dropped connections, latency', async () => {
    const key = testKey();
    const set = await call(sandbox, 'POST', '/_sandbox/faults', undefined, { failNext: '2', latencyMs: '5' });
    expect(set.body).toMatchObject({ failNext: 2, latencyMs: 5, rateLimit: 0 });
    try {
      expect((await call(sandbox, 'GET', '/v1/customers', key)).status).toBe(500);
      const second = await call(sandbox, 'GET', '/v1/customers', key);
      expect(second.body.error.type).toBe('api_error');
      expect((await call(sandbox, 'GET', '/v1/customers', key)).status).toBe(200);

      await call(sandbox, 'POST', '/_sandbox/faults', undefined, { dropNext: '1' });
      await expect(fetch(`${sandbox.url}/v1/customers`, { headers: { Authorization: `Bearer ${key}` } })).rejects.toThrow();
      expect((await call(sandbox, 'GET', '/v1/customers', key)).status).toBe(200);

      // The SDK's own retries (with an idempotency key it makes) ride out a burst of 500s and drops.
      await call(sandbox, 'POST', '/_sandbox/faults', undefined, { failNext: '1', dropNext: '1' });
      const resilient = stripeFor(sandbox, key, { maxNetworkRetries: 3 });
      await resilient.customers.create({ email: 'retried@example.com' });
      expect((await resilient.customers.list()).data.filter((c) => c.email === 'retried@example.com')).toHaveLength(1);
    } finally {
      await call(sandbox, 'DELETE', '/_sandbox/faults', undefined);
    }
  });

  it('refuses bad fault settings by name, and resets state', async () => {
    const bad = await call(sandbox, 'POST', '/_sandbox/faults', undefined, { errorRate: '2' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("fault 'errorRate' must be a number from 0 to 1");
    const unknown = await call(sandbox, 'POST', '/_sandbox/faults', undefined, { explode: '1' });
    expect(unknown.body.error.message).toMatch(/unknown fault 'explode'/);

    const own = await Promise.resolve(testKey());
    await call(sandbox, 'POST', '/v1/customers', own, { email: 'r@example.com' });
    const other = await startSandbox();
    try {
      await call(other, 'POST', '/v1/customers', own, { email: 'r@example.com' });
      expect((await call(other, 'POST', '/_sandbox/reset', undefined)).body).toEqual({ reset: true });
      expect((await call(other, 'GET', '/v1/customers', own)).body.data).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
