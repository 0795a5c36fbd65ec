import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeExamples, type ExampleObjectName } from '../src/stripe-api/index.js';
import type { Sandbox } from '../src/sandbox/server.js';
import { call, startSandbox, testKey } from './support/sandbox.js';

let sandbox: Sandbox;
const key = testKey();
const objects: Record<string, any> = {};

beforeAll(async () => {
  sandbox = await startSandbox();
  const post = async (path: string, form: string) => {
    const res = await call(sandbox, 'POST', path, key, form);
    if (res.status !== 200) throw new Error(`${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  objects.customer = await post('/v1/customers', 'email=shape@example.com');
  objects.product = await post('/v1/products', 'name=Shape');
  objects.price = await post('/v1/prices', `product=${objects.product.id}&currency=usd&unit_amount=100&recurring[interval]=month`);
  objects.charge = await post('/v1/charges', 'amount=100&currency=usd&source=tok_visa');
  objects.refund = await post('/v1/refunds', `charge=${objects.charge.id}`);
  objects.payment_intent = await post('/v1/payment_intents', 'amount=100&currency=usd');
  objects.invoice = await post('/v1/invoices', `customer=${objects.customer.id}`);
  objects.subscription = await post('/v1/subscriptions', `customer=${objects.customer.id}&items[0][price]=${objects.price.id}`);
  objects.coupon = await post('/v1/coupons', 'percent_off=10');
});
afterAll(() => sandbox.close());

function jsonType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

const PREFIXES: Record<string, RegExp> = {
  customer: /^cus_/,
  product: /^prod_/,
  price: /^price_/,
  charge: /^ch_/,
  refund: /^re_/,
  payment_intent: /^pi_/,
  invoice: /^in_/,
  subscription: /^sub_/,
  coupon: /^[A-Z0-9]{8}$/,
};

describe("the sandbox's objects have the shape of Stripe's examples", () => {
  it.each(Object.keys(PREFIXES))('%s', (name) => {
    const example = stripeExamples()[name as ExampleObjectName] as Record<string, unknown>;
    const actual = objects[name] as Record<string, unknown>;
    expect(actual).toMatchObject({ object: name, livemode: false, metadata: {} });
    expect(actual.id).toMatch(PREFIXES[name]!);
    expect(actual.created).toEqual(expect.any(Number));
    for (const [field, value] of Object.entries(example)) {
      expect(actual, `${name}.${field}`).toHaveProperty(field);
      const type = jsonType(actual[field]);
      // null on either side is a nullable field; otherwise the JSON types agree.
      if (type !== 'null' && value !== null) expect(`${name}.${field}: ${type}`).toBe(`${name}.${field}: ${jsonType(value)}`);
    }
  });

  // An installed copy has no shared/ folder beside it; the CI checkout has one.
  const original = new URL('../../shared/stripe/fixtures3.json', import.meta.url);
  it.skipIf(!existsSync(original))("keeps the project's copy of the examples identical to Stripe's file", () => {
    const resources = JSON.parse(readFileSync(original, 'utf8')).resources;
    for (const [name, example] of Object.entries(stripeExamples())) expect(example).toEqual(resources[name]);
  });
});
