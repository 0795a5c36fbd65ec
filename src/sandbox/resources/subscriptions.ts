import { errors } from '../errors.js';
import { mergeMetadata, type Params } from '../params.js';
import type { StripeObject } from '../store.js';
import { customers } from './customers.js';
import { prices } from './prices.js';
import { applyFields, embeddedList, fromExample, newId, type Ctx, type ResourceSpec, requireParams } from './resource.js';

const PERIOD_SECONDS: Record<string, number> = { day: 86_400, week: 604_800, month: 2_592_000, year: 31_536_000 };

export const subscriptions: ResourceSpec = {
  path: 'subscriptions',
  object: 'subscription',
  create(params, ctx) {
    requireParams(params, 'customer', 'items');
    const customer = ctx.find(customers, params.customer as string, 'customer');
    const id = newId('sub');
    const items = (params.items as Params[]).map((item, i) => subscriptionItem(id, item, i, ctx));
    if (items.length === 0) throw errors.missingParam('items');
    const first = items[0]!.price as StripeObject;
    const trialDays = params.trial_period_days as number | undefined;
    const trialEnd = trialDays ? ctx.now + trialDays * 86_400 : null;
    return fromExample('subscription', {
      id,
      created: ctx.now,
      automatic_tax: { enabled: false, liability: null, disabled_reason: null },
      billing_cycle_anchor: trialEnd ?? ctx.now,
      billing_cycle_anchor_config: null,
      cancel_at: null,
      cancel_at_period_end: params.cancel_at_period_end ?? false,
      canceled_at: null,
      collection_method: params.collection_method ?? 'charge_automatically',
      currency: first.currency,
      customer: customer.id,
      days_until_due: params.days_until_due ?? null,
      default_payment_method: params.default_payment_method ?? null,
      description: params.description ?? null,
      ended_at: null,
      invoice_settings: { account_tax_ids: null, issuer: { type: 'self' }, custom_fields: null, description: null, footer: null },
      items: embeddedList(`/v1/subscription_items?subscription=${id}`, items),
      metadata: mergeMetadata({}, params.metadata),
      next_pending_invoice_item_invoice: null,
      pause_collection: null,
      payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
      pending_invoice_item_interval: null,
      pending_update: null,
      start_date: ctx.now,
      status: trialEnd ? 'trialing' : 'active',
      transfer_data: null,
      trial_end: trialEnd,
      trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
      trial_start: trialEnd ? ctx.now : null,
      billing_thresholds: null,
      billing_mode: { type: 'classic' },
      customer_account: null,
      managed_payments: null,
      billing_schedules: [],
    });
  },
  update(subscription, params) {
    if (subscription.status === 'canceled' && Object.keys(params).some((k) => k !== 'metadata' && k !== 'expand')) {
      throw errors.invalid('A canceled subscription can only update its metadata.', undefined, 'resource_missing');
    }
    return applyFields(subscription, params);
  },
  /** Stripe's DELETE on a subscription cancels it now; the subscription stays, canceled. */
  del(subscription, ctx) {
    if (subscription.status === 'canceled') {
      throw errors.invalid(`No such subscription: '${subscription.id}'; it was already canceled.`, 'id', 'resource_missing');
    }
    return { ...subscription, status: 'canceled', canceled_at: ctx.now, ended_at: ctx.now, cancel_at_period_end: false };
  },
  listMatch(subscription, filters) {
    const status = (filters.status as string | undefined) ?? 'default';
    const statusOk =
      status === 'all' ||
      (status === 'default' ? subscription.status !== 'canceled' : status === 'ended' ? subscription.ended_at !== null : subscription.status === status);
    const items = (subscription.items as { data: Array<{ price: { id: string } }> }).data;
    return (
      statusOk &&
      (filters.customer === undefined || subscription.customer === filters.customer) &&
      (filters.price === undefined || items.some((item) => item.price.id === filters.price))
    );
  },
};

function subscriptionItem(subscriptionId: string, item: Params, index: number, ctx: Ctx): Record<string, unknown> {
  const price = ctx.find(prices, item.price as string, `items[${index}][price]`);
  const recurring = price.recurring as { interval: string; interval_count: number } | null;
  if (!recurring) {
    throw errors.invalid(
      `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
      `items[${index}][price]`,
    );
  }
  const period = (PERIOD_SECONDS[recurring.interval] ?? PERIOD_SECONDS.month!) * recurring.interval_count;
  return {
    created: ctx.now,
    discounts: [],
    id: newId('si', 14),
    metadata: mergeMetadata({}, item.metadata),
    object: 'subscription_item',
    price,
    quantity: item.quantity ?? 1,
    subscription: subscriptionId,
    tax_rates: [],
    plan: null,
    current_period_end: ctx.now + period,
    current_period_start: ctx.now,
    billing_thresholds: null,
  };
}
