import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/server.js';
import { call, startSandbox, stripeFor, testKey } from './support/sandbox.js';

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startSandbox();
  stripe = stripeFor(sandbox);
});
afterAll(() => sandbox.close());

/** What the SDK throws, for asserting on its class and fields. */
async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (e) {
    return e as Stripe.errors.StripeError;
  }
  throw new Error('expected the call to fail');
}

describe('the official stripe SDK against the sandbox', () => {
  it('customers: create, retrieve, update, list, search, delete', async () => {
    const created = await stripe.customers.create({ email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { order_id: '6735' } });
    expect(created).toMatchObject({ object: 'customer', email: 'jenny@example.com', livemode: false, metadata: { order_id: '6735' } });
    expect(created.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);

    expect(await stripe.customers.retrieve(created.id)).toEqual(created);
    const updated = await stripe.customers.update(created.id, { phone: '+15555550100', metadata: { order_id: '', tier: 'gold' } });
    expect(updated).toMatchObject({ phone: '+15555550100', metadata: { tier: 'gold' } });

    const listed = await stripe.customers.list({ email: 'jenny@example.com' });
    expect(listed.data.map((c) => c.id)).toEqual([created.id]);

    const found = await stripe.customers.search({ query: `name:'jenny rosen' AND metadata['tier']:'gold'` });
    expect(found.data.map((c) => c.id)).toEqual([created.id]);

    expect(await stripe.customers.del(created.id)).toEqual({ id: created.id, object: 'customer', deleted: true });
    const gone = await rejection(stripe.customers.retrieve(created.id));
    expect(gone).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(gone).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
  });

  it('products and prices: a product with prices cannot be deleted, prices have no delete', async () => {
    const product = await stripe.products.create({ name: 'T-shirt', description: 'Comfortable gray cotton t-shirt' });
    expect(product.id).toMatch(/^prod_/);
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } });
    expect(price).toMatchObject({ object: 'price', type: 'recurring', unit_amount: 2000, product: product.id });
    expect(String(price.unit_amount_decimal)).toBe('2000');

    expect(await stripe.products.update(product.id, { default_price: price.id })).toMatchObject({ default_price: price.id });
    expect(await stripe.prices.update(price.id, { nickname: 'monthly', lookup_key: 'tshirt_monthly' })).toMatchObject({ nickname: 'monthly' });
    expect((await stripe.prices.list({ product: product.id })).data.map((p) => p.id)).toEqual([price.id]);
    expect((await stripe.prices.search({ query: `lookup_key:'tshirt_monthly'` })).data.map((p) => p.id)).toEqual([price.id]);
    expect((await stripe.products.search({ query: `name~'shirt' active:'true'` })).data.map((p) => p.id)).toContain(product.id);
    expect((await stripe.products.list({ active: true })).data.map((p) => p.id)).toContain(product.id);

    const refused = await rejection(stripe.products.del(product.id));
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused.message).toMatch(/cannot be deleted because it has one or more user-created prices/);

    const noDelete = await call(sandbox, 'DELETE', `/v1/prices/${price.id}`, testKey());
    expect(noDelete.status).toBe(404);
    expect(noDelete.body.error.message).toMatch(/Unrecognized request URL \(DELETE: \/v1\/prices\//);

    const bare = await stripe.products.create({ name: 'Sticker' });
    expect(await stripe.products.del(bare.id)).toEqual({ id: bare.id, object: 'product', deleted: true });
  });

  it('charges and refunds: a full refund marks the charge refunded, a second one is refused', async () => {
    const customer = await stripe.customers.create({ email: 'payer@example.com' });
    const charge = await stripe.charges.create({ amount: 1500, currency: 'usd', source: 'tok_visa', customer: customer.id });
    expect(charge).toMatchObject({ object: 'charge', status: 'succeeded', paid: true, captured: true, amount_captured: 1500 });
    expect(charge.payment_method_details?.card?.last4).toBe('4242');

    expect(await stripe.charges.update(charge.id, { description: 'order 42' })).toMatchObject({ description: 'order 42' });
    expect((await stripe.charges.list({ customer: customer.id })).data.map((c) => c.id)).toEqual([charge.id]);
    expect((await stripe.charges.search({ query: `amount>=1500 customer:'${customer.id}'` })).data.map((c) => c.id)).toEqual([charge.id]);

    const refund = await stripe.refunds.create({ charge: charge.id, amount: 500 });
    expect(refund).toMatchObject({ object: 'refund', amount: 500, charge: charge.id, status: 'succeeded' });
    await stripe.refunds.create({ charge: charge.id });
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 1500, refunded: true });
    expect((await stripe.charges.search({ query: `refunded:'true' customer:'${customer.id}'` })).data).toHaveLength(1);
    const again = await rejection(stripe.refunds.create({ charge: charge.id }));
    expect(again).toMatchObject({ code: 'charge_already_refunded', statusCode: 400 });
    expect((await stripe.refunds.list({ charge: charge.id })).data).toHaveLength(2);

    const declined = await rejection(stripe.charges.create({ amount: 1500, currency: 'usd', source: 'tok_chargeDeclined' }));
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    expect((await stripe.charges.search({ query: `status:'failed'` })).data).toHaveLength(1);
  });

  it('payment intents: confirm makes a charge, cancel ends it, neither can be deleted', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', metadata: { cart: 'c1' } });
    expect(intent).toMatchObject({ object: 'payment_intent', status: 'requires_payment_method', amount: 2000 });
    expect(await stripe.paymentIntents.update(intent.id, { description: 'cart c1' })).toMatchObject({ description: 'cart c1' });
    const confirmed = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.latest_charge).toMatch(/^ch_/);
    expect(await stripe.charges.retrieve(confirmed.latest_charge as string)).toMatchObject({ payment_intent: intent.id, amount: 2000 });

    const other = await stripe.paymentIntents.create({ amount: 999, currency: 'eur' });
    expect(await stripe.paymentIntents.cancel(other.id)).toMatchObject({ status: 'canceled' });
    expect((await stripe.paymentIntents.search({ query: `status:'succeeded' AND metadata['cart']:'c1'` })).data.map((p) => p.id)).toEqual([intent.id]);
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.map((p) => p.id)).toEqual(expect.arrayContaining([intent.id, other.id]));
    const noDelete = await call(sandbox, 'DELETE', `/v1/payment_intents/${intent.id}`, testKey());
    expect(noDelete.status).toBe(404);
  });

  it('invoices: only drafts can be deleted; finalize numbers them', async () => {
    const customer = await stripe.customers.create({ name: 'Billed' });
    const draft = await stripe.invoices.create({ customer: customer.id, description: 'first' });
    expect(draft).toMatchObject({ object: 'invoice', status: 'draft', customer: customer.id });
    expect(await stripe.invoices.update(draft.id, { footer: 'Thanks' })).toMatchObject({ footer: 'Thanks' });
    const finalized = await stripe.invoices.finalizeInvoice(draft.id);
    expect(finalized.status).toBe('open');
    expect(finalized.number).toMatch(/^[A-Z0-9]+-0001$/);
    const refused = await rejection(stripe.invoices.del(draft.id));
    expect(refused.message).toBe('You can only delete draft invoices.');
    expect((await stripe.invoices.search({ query: `status:'open' customer:'${customer.id}'` })).data.map((i) => i.id)).toEqual([draft.id]);
    expect((await stripe.invoices.list({ customer: customer.id, status: 'open' })).data).toHaveLength(1);

    const second = await stripe.invoices.create({ customer: customer.id });
    expect(await stripe.invoices.del(second.id)).toEqual({ id: second.id, object: 'invoice', deleted: true });
  });

  it('subscriptions: DELETE cancels, canceled ones leave the default list', async () => {
    const customer = await stripe.customers.create({ name: 'Subscriber' });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 900, recurring: { interval: 'month' }, product_data: { name: 'Plan' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 2 }], metadata: { plan: 'basic' } });
    expect(sub).toMatchObject({ object: 'subscription', status: 'active', customer: customer.id, currency: 'usd' });
    expect(sub.items.data[0]).toMatchObject({ object: 'subscription_item', quantity: 2, price: { id: price.id } });
    expect(await stripe.subscriptions.update(sub.id, { description: 'two seats' })).toMatchObject({ description: 'two seats' });
    expect((await stripe.subscriptions.search({ query: `status:'active' AND metadata['plan']:'basic'` })).data.map((s) => s.id)).toEqual([sub.id]);
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(1);

    const canceled = await stripe.subscriptions.cancel(sub.id);
    expect(canceled).toMatchObject({ id: sub.id, status: 'canceled' });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'canceled' })).data).toHaveLength(1);
  });

  it('coupons: create with an id, update, list, delete', async () => {
    const coupon = await stripe.coupons.create({ id: 'SUMMER25', percent_off: 25, duration: 'repeating', duration_in_months: 3 });
    expect(coupon).toMatchObject({ id: 'SUMMER25', object: 'coupon', percent_off: 25, duration_in_months: 3, valid: true });
    expect(await stripe.coupons.update('SUMMER25', { name: 'Summer' })).toMatchObject({ name: 'Summer' });
    expect((await stripe.coupons.list()).data.map((c) => c.id)).toContain('SUMMER25');
    const dup = await rejection(stripe.coupons.create({ id: 'SUMMER25', percent_off: 10 }));
    expect(dup).toMatchObject({ code: 'resource_already_exists' });
    expect(await stripe.coupons.del('SUMMER25')).toEqual({ id: 'SUMMER25', object: 'coupon', deleted: true });
  });

  it('expands ids into objects, in lists too', async () => {
    const customer = await stripe.customers.create({ email: 'expand@example.com' });
    const charge = await stripe.charges.create({ amount: 700, currency: 'usd', customer: customer.id, source: 'tok_mastercard' });
    const expanded = await stripe.charges.retrieve(charge.id, { expand: ['customer'] });
    expect(expanded.customer).toMatchObject({ id: customer.id, object: 'customer' });
    const page = await stripe.charges.list({ customer: customer.id, expand: ['data.customer'] });
    expect(page.data[0]!.customer).toMatchObject({ id: customer.id });
    const refused = await rejection(stripe.charges.retrieve(charge.id, { expand: ['amount'] }));
    expect(refused.message).toBe('This property cannot be expanded (amount).');
  });

  it('auto-paginates a search of more than 250 results, each once, newest first', async () => {
    const own = stripeFor(sandbox);
    for (let i = 0; i < 260; i++) await own.customers.create({ email: `bulk${i}@example.com`, metadata: { batch: 'b1' } });
    await own.customers.create({ email: 'other@example.com' });
    const ids: string[] = [];
    for await (const c of own.customers.search({ query: `metadata['batch']:'b1'`, limit: 100 })) ids.push(c.email!);
    expect(ids).toHaveLength(260);
    expect(new Set(ids).size).toBe(260);
    expect(ids[0]).toBe('bulk259@example.com');
    expect(ids.at(-1)).toBe('bulk0@example.com');

    const withCount = await own.customers.search({ query: `metadata['batch']:'b1'`, limit: 5, expand: ['total_count'] });
    expect(withCount).toMatchObject({ object: 'search_result', has_more: true, total_count: 260, url: '/v1/customers/search' });
    expect(withCount.next_page).toEqual(expect.any(String));

    const listed: string[] = [];
    for await (const c of own.customers.list({ limit: 100 })) listed.push(c.id);
    expect(listed).toHaveLength(261);
  });

  it('an idempotent retry returns the first answer and creates nothing', async () => {
    const own = stripeFor(sandbox);
    const first = await own.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'job-1' });
    const second = await own.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'job-1' });
    expect(second).toEqual(first);
    expect((await own.customers.list()).data).toHaveLength(1);

    const refused = await rejection(own.customers.create({ email: 'other@example.com' }, { idempotencyKey: 'job-1' }));
    expect(refused).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(refused.message).toMatch(/same parameters they were first used with/);
  });

  it('raises each error class the SDK has for what Stripe answers', async () => {
    const wrongKey = stripeFor(sandbox, 'sk_test_');
    expect(await rejection(wrongKey.customers.list())).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    const live = await rejection(stripeFor(sandbox, 'sk_live_0123456789abcdef').customers.list());
    expect(live).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(live.message).toMatch(/test mode only/);
    expect(live.message).not.toContain('0123456789abcdef');

    const invalid = await rejection(stripe.charges.create({ currency: 'usd' } as Stripe.ChargeCreateParams));
    expect(invalid).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(invalid).toMatchObject({ code: 'parameter_missing', param: 'amount', message: 'Missing required param: amount.' });

    const missing = await rejection(stripe.invoices.retrieve('in_doesnotexist'));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', message: "No such invoice: 'in_doesnotexist'" });

    const own = stripeFor(sandbox);
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { rateLimit: '2' });
    try {
      await own.customers.list();
      await own.customers.list();
      const limited = await rejection(own.customers.list());
      expect(limited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(limited).toMatchObject({ statusCode: 429, code: 'rate_limit' });
    } finally {
      await call(sandbox, 'DELETE', '/_sandbox/faults', undefined);
    }
  });

  it('keeps each key its own account', async () => {
    const a = stripeFor(sandbox);
    const b = stripeFor(sandbox);
    const mine = await a.customers.create({ email: 'a@example.com' });
    expect((await b.customers.list()).data).toHaveLength(0);
    expect(await rejection(b.customers.retrieve(mine.id))).toMatchObject({ statusCode: 404 });
    const restricted = stripeFor(sandbox, testKey('rk'));
    expect((await restricted.customers.list()).data).toHaveLength(0);
  });
});
