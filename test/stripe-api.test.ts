import { readFileSync } from 'node:fs';
import qs from 'qs';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, OUTPUT, render } from '../scripts/generate-stripe-api.js';
import { createConnector } from '../src/connectors/stripe/index.js';
import type { Sandbox } from '../src/sandbox/server.js';
import { stripeApi, type JsonSchema } from '../src/stripe-api/index.js';
import { startSandbox, stripeFor, testKey } from './support/sandbox.js';

/** The nine resources the sandbox models. */
const SANDBOX_RESOURCES = ['customers', 'products', 'prices', 'charges', 'refunds', 'payment_intents', 'invoices', 'subscriptions', 'coupons'];

describe('the Stripe description', () => {
  it('is what the generator makes of the installed stripe package (run `npm run generate` and review the diff if not)', () => {
    expect(render(generate()) === readFileSync(OUTPUT, 'utf8')).toBe(true);
  }, 180_000);

  it('comes from the SDK: real paths and object types, required params, open and closed enums, unions, doc comments', () => {
    const objects = stripeApi().objects;
    expect(objects.get('invoiceitems')).toMatchObject({ sdkResource: 'invoiceItems', objectType: 'invoiceitem' });
    expect(objects.get('subscriptions')!.endpoints.cancel).toBe('DELETE /v1/subscriptions/{}');
    const prices = objects.get('prices')!.requests.create!;
    expect(prices.required).toEqual(['currency']);
    const props = prices.properties as Record<string, JsonSchema>;
    expect(props.currency_options).toMatchObject({ type: 'object', additionalProperties: { type: 'object' } });
    expect(props.billing_scheme).toMatchObject({ type: 'string', examples: ['per_unit', 'tiered'] });
    expect(props.billing_scheme).not.toHaveProperty('enum');
    expect(props.unit_amount).toMatchObject({ type: 'integer', minimum: 0, description: expect.stringMatching(/how much to charge/) });
    expect(props.recurring).toMatchObject({ type: 'object', required: ['interval'], properties: { interval_count: { type: 'integer' } } });
    expect((objects.get('refunds')!.requests.create!.properties as Record<string, JsonSchema>).origin).toEqual(expect.objectContaining({ enum: ['customer_balance'] }));
    expect((objects.get('coupons')!.requests.create!.properties as Record<string, JsonSchema>).percent_off).toMatchObject({ type: 'number' });
    const customers = objects.get('customers')!.requests.update!.properties as Record<string, JsonSchema>;
    expect(customers.default_source).toBeDefined();
    expect(customers.address).toMatchObject({ 'x-stripe-emptyable': true, properties: { line1: { type: 'string' } } });
    const anyOf = [...objects.values()].flatMap((o) => Object.values(o.requests)).some((s) => JSON.stringify(s).includes('"anyOf"'));
    expect(anyOf).toBe(true);
  });

  it('gives the catalog a request schema for every object it can create or update', () => {
    const writable = createConnector()
      .catalog()
      .filter((e) => e.activities.includes('create') || e.activities.includes('update'));
    expect(writable.length).toBeGreaterThan(39);
    const unmodeled = writable.filter((e) => [e.requestSchema.create, e.requestSchema.update].some((s) => s !== null && s.properties === undefined));
    expect(unmodeled.map((e) => e.object)).toEqual([]);
  });
});

/** A value a parameter of this schema takes, non-empty so the form encoding sends it. */
function plausible(schema: JsonSchema): unknown {
  if (Array.isArray(schema.anyOf)) return plausible(schema.anyOf[0] as JsonSchema);
  switch (schema.type) {
    case 'string':
      return (schema.enum as string[] | undefined)?.[0] ?? (schema.examples as string[] | undefined)?.[0] ?? (schema.format === 'decimal' ? '1.5' : 'x');
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [plausible((schema.items ?? {}) as JsonSchema)];
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const names = (schema.required as string[] | undefined) ?? Object.keys(properties).slice(0, 1);
      const value = Object.fromEntries(names.map((n) => [n, plausible(properties[n]!)]));
      if (Object.keys(value).length === 0 && schema.additionalProperties) value.key = plausible(schema.additionalProperties as JsonSchema);
      return value;
    }
    default:
      return 'x';
  }
}

describe('the sandbox takes every parameter the SDK declares for its resources', () => {
  let sandbox: Sandbox;
  const key = testKey();
  let stripe: Stripe;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    sandbox = await startSandbox();
    stripe = stripeFor(sandbox, key);
    ids.customer = (await stripe.customers.create({ email: 'params@example.com' })).id;
    ids.product = (await stripe.products.create({ name: 'Params' })).id;
    ids.price = (await stripe.prices.create({ currency: 'usd', unit_amount: 500, product: ids.product, recurring: { interval: 'month' } })).id;
    ids.charge = (await stripe.charges.create({ amount: 100_000, currency: 'usd', source: 'tok_visa' })).id;
  });
  afterAll(() => sandbox.close());

  const createBase = (): Record<string, Record<string, unknown>> => ({
    customers: {},
    products: { name: 'P' },
    prices: { currency: 'usd', unit_amount: 100, product: ids.product },
    charges: { amount: 100, currency: 'usd', source: 'tok_visa' },
    refunds: { charge: ids.charge, amount: 1 },
    payment_intents: { amount: 100, currency: 'usd' },
    invoices: { customer: ids.customer },
    subscriptions: { customer: ids.customer, items: [{ price: ids.price }] },
    coupons: { percent_off: 10 },
  });

  const send = async (method: string, path: string, params: Record<string, unknown>) => {
    const res = await fetch(`${sandbox.url}/v1/${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: qs.stringify(params, { arrayFormat: 'indices' }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it.each(SANDBOX_RESOURCES)('%s: create and update take each declared top-level parameter; an undeclared one is parameter_unknown', async (resource) => {
    const description = stripeApi().objects.get(resource)!;
    const created = await send('POST', resource, createBase()[resource]!);
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const refused: string[] = [];
    for (const [request, path, base] of [
      ['create', resource, () => createBase()[resource]!],
      ['update', `${resource}/${created.body.id}`, () => ({})],
    ] as const) {
      const properties = description.requests[request]!.properties as Record<string, JsonSchema>;
      expect(Object.keys(properties).length).toBeGreaterThan(0);
      for (const [name, schema] of Object.entries(properties)) {
        const res = await send('POST', path, { ...base(), [name]: plausible(schema) });
        expect(res.status, `${request} ${name}: ${JSON.stringify(res.body)}`).not.toBe(500);
        const code = res.body.error?.code as string | undefined;
        if (code === 'parameter_unknown' || code?.startsWith('parameter_invalid')) refused.push(`${request} ${name}: ${res.body.error.message}`);
      }
      const undeclared = await send('POST', path, { ...base(), undeclared_param: 'x' });
      expect(undeclared.body.error).toMatchObject({ code: 'parameter_unknown', param: 'undeclared_param', message: 'Received unknown parameter: undeclared_param' });
    }
    expect(refused).toEqual([]);
  });

  it('stores and returns a declared parameter where the object has that field', async () => {
    const customer = await send('POST', 'customers', { test_clock: 'clock_1', business_name: 'Acme' });
    expect(customer.body).toMatchObject({ object: 'customer', test_clock: 'clock_1' });
    const intent = await send('POST', 'payment_intents', { amount: 100, currency: 'usd', payment_method_data: { type: 'card' }, description: 'kept' });
    expect(intent.body).toMatchObject({ object: 'payment_intent', description: 'kept' });
    expect(intent.body).not.toHaveProperty('payment_method_data');
    const price = await send('POST', 'prices', { currency: 'usd', unit_amount: 100, product: ids.product, currency_options: { eur: { unit_amount: 90 } } });
    expect(price.status, JSON.stringify(price.body)).toBe(200);
  });

  it('answers type errors with Stripe’s parameter_invalid_* codes, down nested parameters', async () => {
    const integer = await send('POST', 'prices', { currency: 'usd', product: ids.product, unit_amount: 100, currency_options: { eur: { unit_amount: 'lots' } } });
    expect(integer.body.error).toMatchObject({ code: 'parameter_invalid_integer', param: 'currency_options[eur][unit_amount]', message: 'Invalid integer: lots' });
    const decimal = await send('POST', 'prices', { currency: 'usd', product: ids.product, unit_amount_decimal: '1.2.3' });
    expect(decimal.body.error).toMatchObject({ code: 'parameter_invalid_decimal', param: 'unit_amount_decimal' });
    const nested = await send('POST', 'customers', { invoice_settings: { planet: 'Mars' } });
    expect(nested.body.error).toMatchObject({ code: 'parameter_unknown', param: 'invoice_settings[planet]' });
  });
});

describe("Stripe's API reference Node examples for the sandbox's resources pass through the SDK", () => {
  let sandbox: Sandbox;
  let stripe: Stripe;
  const order = { metadata: { order_id: '6735' } };

  beforeAll(async () => {
    sandbox = await startSandbox();
    stripe = stripeFor(sandbox);
  });
  afterAll(() => sandbox.close());

  it('customers and products', async () => {
    const customer = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jennyrosen@example.com' });
    expect(await stripe.customers.update(customer.id, order)).toMatchObject({ metadata: { order_id: '6735' } });
    expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
    expect((await stripe.customers.list({ limit: 3 })).data).toHaveLength(1);
    expect((await stripe.customers.search({ query: "name:'Jane Doe' AND metadata['foo']:'bar'" })).data).toEqual([]);
    expect(await stripe.customers.del(customer.id)).toMatchObject({ deleted: true });

    const product = await stripe.products.create({ name: 'Gold Plan' });
    expect(await stripe.products.update(product.id, order)).toMatchObject(order);
    expect((await stripe.products.list({ limit: 3 })).data).toHaveLength(1);
    expect((await stripe.products.search({ query: "active:'true' AND metadata['order_id']:'6735'" })).data.map((p) => p.id)).toEqual([product.id]);
    expect(await stripe.products.del(product.id)).toMatchObject({ deleted: true });
  });

  it('prices, subscriptions and invoices', async () => {
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Gold Plan' } });
    expect(await stripe.prices.update(price.id, order)).toMatchObject(order);
    expect((await stripe.prices.list({ limit: 3 })).data).toHaveLength(1);
    expect((await stripe.prices.search({ query: "active:'true' AND metadata['order_id']:'6735'" })).data).toHaveLength(1);

    const customer = await stripe.customers.create({ email: 'jennyrosen@example.com' });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(await stripe.subscriptions.update(subscription.id, order)).toMatchObject(order);
    expect((await stripe.subscriptions.list({ limit: 3 })).data).toHaveLength(1);
    expect((await stripe.subscriptions.search({ query: "status:'active' AND metadata['order_id']:'6735'" })).data).toHaveLength(1);
    expect(await stripe.subscriptions.cancel(subscription.id)).toMatchObject({ status: 'canceled' });

    const invoice = await stripe.invoices.create({ customer: customer.id });
    expect(await stripe.invoices.update(invoice.id, order)).toMatchObject(order);
    expect(await stripe.invoices.finalizeInvoice(invoice.id)).toMatchObject({ status: 'open' });
    expect(await stripe.invoices.pay(invoice.id)).toMatchObject({ status: 'paid' });
    expect((await stripe.invoices.list({ limit: 3 })).data).toHaveLength(1);
    expect((await stripe.invoices.search({ query: "total>999 AND metadata['order_id']:'6735'" })).data).toEqual([]);
    const draft = await stripe.invoices.create({ customer: customer.id });
    expect(await stripe.invoices.del(draft.id)).toMatchObject({ deleted: true });
  });

  it('charges, refunds, payment intents and coupons', async () => {
    const charge = await stripe.charges.create({
      amount: 2000,
      currency: 'usd',
      source: 'tok_visa',
      description: 'My First Test Charge (created for API docs at https://www.stripe.com/docs/api)',
    });
    expect(await stripe.charges.update(charge.id, order)).toMatchObject(order);
    expect((await stripe.charges.list({ limit: 3 })).data).toHaveLength(1);
    expect((await stripe.charges.search({ query: "amount>999 AND metadata['order_id']:'6735'" })).data).toHaveLength(1);

    const refund = await stripe.refunds.create({ charge: charge.id });
    expect(await stripe.refunds.update(refund.id, order)).toMatchObject(order);
    expect((await stripe.refunds.list({ limit: 3 })).data).toHaveLength(1);

    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', automatic_payment_methods: { enabled: true } });
    expect(await stripe.paymentIntents.update(intent.id, order)).toMatchObject(order);
    expect(await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa', return_url: 'https://www.example.com' })).toMatchObject({
      status: 'succeeded',
    });
    const manual = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    expect(await stripe.paymentIntents.capture(manual.id)).toMatchObject({ status: 'succeeded' });
    const abandoned = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
    expect(await stripe.paymentIntents.cancel(abandoned.id)).toMatchObject({ status: 'canceled' });
    expect((await stripe.paymentIntents.list({ limit: 3 })).data).toHaveLength(3);
    expect((await stripe.paymentIntents.search({ query: "status:'succeeded' AND metadata['order_id']:'6735'" })).data).toHaveLength(1);

    const coupon = await stripe.coupons.create({ duration: 'repeating', duration_in_months: 3, percent_off: 25.5 });
    expect(await stripe.coupons.update(coupon.id, order)).toMatchObject(order);
    expect((await stripe.coupons.list({ limit: 3 })).data).toHaveLength(1);
    expect(await stripe.coupons.del(coupon.id)).toMatchObject({ deleted: true });
  });
});
