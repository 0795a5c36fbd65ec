import { errors } from '../errors.js';
import { mergeMetadata, type Params } from '../params.js';
import type { StripeObject } from '../store.js';
import { cardDetails, testCard } from './cards.js';
import { customers } from './customers.js';
import { applyFields, embeddedList, fromExample, newId, type Ctx, type ResourceSpec, requireParams } from './resource.js';

export const charges: ResourceSpec = {
  path: 'charges',
  object: 'charge',
  create(params, ctx) {
    requireParams(params, 'amount', 'currency');
    if (typeof params.customer === 'string') ctx.find(customers, params.customer, 'customer');
    if (params.source == null && params.customer == null) throw errors.invalid('Must provide source or customer.', 'source');
    return makeCharge(ctx, {
      amount: params.amount as number,
      currency: params.currency as string,
      customer: (params.customer as string | null) ?? null,
      source: (params.source as string | null) ?? 'tok_visa',
      capture: params.capture !== false,
      paymentIntent: null,
      extra: {
        description: params.description ?? null,
        metadata: mergeMetadata({}, params.metadata),
        receipt_email: params.receipt_email ?? null,
        shipping: params.shipping ?? null,
        statement_descriptor: params.statement_descriptor ?? null,
        statement_descriptor_suffix: params.statement_descriptor_suffix ?? null,
        transfer_group: params.transfer_group ?? null,
      },
    });
  },
  update(charge, params, ctx) {
    if (typeof params.customer === 'string') {
      if (charge.customer && charge.customer !== params.customer) {
        throw errors.invalid('The customer of a charge can only be set when it has none.', 'customer');
      }
      ctx.find(customers, params.customer, 'customer');
    }
    return applyFields(charge, params);
  },
};

export interface NewCharge {
  amount: number;
  currency: string;
  customer: string | null;
  source: string;
  capture: boolean;
  paymentIntent: string | null;
  extra?: Params;
}

/**
 * Makes and stores a charge (for `POST /v1/charges` and for a confirmed payment intent). A
 * declining test card stores a failed charge and answers Stripe's 402 card error.
 */
export function makeCharge(ctx: Ctx, c: NewCharge): StripeObject {
  const card = testCard(c.source, c.paymentIntent ? 'payment_method' : 'source');
  const id = newId('ch');
  const failed = card.decline !== undefined;
  const charge = fromExample('charge', {
    id,
    created: ctx.now,
    amount: c.amount,
    amount_captured: c.capture && !failed ? c.amount : 0,
    amount_refunded: 0,
    balance_transaction: failed ? null : newId('txn'),
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: null,
      name: null,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: 'SANDBOX',
    captured: c.capture && !failed,
    currency: c.currency.toLowerCase(),
    customer: c.customer,
    description: null,
    failure_code: failed ? 'card_declined' : null,
    failure_message: failed ? 'Your card was declined.' : null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: failed ? 'declined_by_network' : 'approved_by_network',
      reason: card.decline ?? null,
      seller_message: failed ? 'The bank did not return any further details with this decline.' : 'Payment complete.',
      type: failed ? 'issuer_declined' : 'authorized',
    },
    paid: !failed,
    payment_intent: c.paymentIntent,
    payment_method: newId('card'),
    payment_method_details: cardDetails(card, ctx.account.slice(0, 8)),
    receipt_url: null,
    refunds: embeddedList(`/v1/charges/${id}/refunds`),
    source_transfer: null,
    status: failed ? 'failed' : 'succeeded',
    transfer_data: null,
    source: null,
    ...c.extra,
  });
  ctx.insert(charges, charge);
  if (failed) throw errors.cardDeclined(card.decline!, id);
  return charge;
}
