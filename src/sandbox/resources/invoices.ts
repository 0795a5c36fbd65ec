import { errors } from '../errors.js';
import { mergeMetadata } from '../params.js';
import type { StripeObject } from '../store.js';
import { customers } from './customers.js';
import { applyFields, deleted, embeddedList, fromExample, newId, type Action, type ResourceSpec, requireParams } from './resource.js';

export const invoices: ResourceSpec = {
  path: 'invoices',
  object: 'invoice',
  create(params, ctx) {
    requireParams(params, 'customer');
    const customer = ctx.find(customers, params.customer as string, 'customer');
    const id = newId('in');
    const address = customer.address as Record<string, unknown> | null;
    return fromExample('invoice', {
      id,
      created: ctx.now,
      account_name: 'Stripe Sandbox',
      amount_due: 0,
      amount_paid: 0,
      amount_remaining: 0,
      amount_overpaid: 0,
      auto_advance: params.auto_advance ?? false,
      automatic_tax: { enabled: false, liability: null, status: null, disabled_reason: null, provider: null },
      collection_method: params.collection_method ?? 'charge_automatically',
      currency: ((params.currency as string | undefined) ?? 'usd').toLowerCase(),
      customer: customer.id,
      customer_address: address,
      customer_email: customer.email,
      customer_name: customer.name,
      customer_phone: customer.phone,
      customer_shipping: customer.shipping,
      customer_tax_exempt: customer.tax_exempt,
      description: params.description ?? null,
      due_date: params.due_date ?? null,
      effective_at: null,
      footer: params.footer ?? null,
      from_invoice: null,
      last_finalization_error: null,
      lines: embeddedList(`/v1/invoices/${id}/lines`),
      metadata: mergeMetadata({}, params.metadata),
      next_payment_attempt: null,
      parent: null,
      payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
      period_end: ctx.now,
      period_start: ctx.now,
      shipping_cost: null,
      shipping_details: null,
      status: 'draft',
      subscription: params.subscription ?? null,
      subtotal: 0,
      subtotal_excluding_tax: 0,
      total: 0,
      total_excluding_tax: 0,
      webhooks_delivered_at: null,
      customer_account: null,
    });
  },
  update(invoice, params) {
    const onlyMetadata = Object.keys(params).every((k) => k === 'metadata' || k === 'expand');
    if (invoice.status !== 'draft' && !onlyMetadata) {
      throw errors.invalid(
        `You can only modify metadata on a finalized invoice; ${invoice.id} is ${invoice.status as string}.`,
        undefined,
        'invoice_not_editable',
      );
    }
    return applyFields(invoice, params);
  },
  del(invoice) {
    if (invoice.status !== 'draft') {
      throw errors.invalid('You can only delete draft invoices.', undefined, 'invoice_not_editable');
    }
    return deleted(invoice);
  },
  actions: {
    finalize: transition(['draft'], (invoice, ctx) => {
      const customer = ctx.find(customers, invoice.customer as string, 'customer');
      const sequence = customer.next_invoice_sequence as number;
      ctx.save({ ...customer, next_invoice_sequence: sequence + 1 });
      return {
        status: 'open',
        number: `${customer.invoice_prefix as string}-${String(sequence).padStart(4, '0')}`,
        effective_at: ctx.now,
        status_transitions: { ...transitions(invoice), finalized_at: ctx.now },
      };
    }),
    pay: transition(['open', 'uncollectible'], (invoice, ctx) => ({
      status: 'paid',
      amount_paid: invoice.amount_due,
      amount_remaining: 0,
      status_transitions: { ...transitions(invoice), paid_at: ctx.now },
    })),
    void: transition(['open', 'uncollectible'], (invoice, ctx) => ({
      status: 'void',
      status_transitions: { ...transitions(invoice), voided_at: ctx.now },
    })),
    mark_uncollectible: transition(['open'], (invoice, ctx) => ({
      status: 'uncollectible',
      status_transitions: { ...transitions(invoice), marked_uncollectible_at: ctx.now },
    })),
  },
};

/** An invoice action allowed only from some statuses. */
function transition(from: string[], change: (invoice: StripeObject, ctx: Parameters<Action['run']>[2]) => Record<string, unknown>): Action {
  return {
    run(invoice, _params, ctx) {
      if (!from.includes(invoice.status as string)) {
        throw errors.invalid(
          `This invoice is ${invoice.status as string}; this action needs it to be ${from.join(' or ')}.`,
          undefined,
          'invoice_unexpected_state',
        );
      }
      return { ...invoice, ...change(invoice, ctx) };
    },
  };
}

function transitions(invoice: StripeObject): Record<string, unknown> {
  return invoice.status_transitions as Record<string, unknown>;
}
