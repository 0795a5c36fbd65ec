import { errors } from '../errors.js';
import { mergeMetadata } from '../params.js';
import type { StripeObject } from '../store.js';
import { charges } from './charges.js';
import { paymentIntents } from './payment-intents.js';
import { fromExample, newId, type ResourceSpec } from './resource.js';

export const refunds: ResourceSpec = {
  path: 'refunds',
  object: 'refund',
  create(params, ctx) {
    let charge: StripeObject;
    if (typeof params.charge === 'string') {
      charge = ctx.find(charges, params.charge, 'charge');
    } else if (typeof params.payment_intent === 'string') {
      const intent = ctx.find(paymentIntents, params.payment_intent, 'payment_intent');
      if (typeof intent.latest_charge !== 'string') {
        throw errors.invalid(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, 'payment_intent');
      }
      charge = ctx.find(charges, intent.latest_charge, 'payment_intent');
    } else {
      throw errors.invalid('One of the following params should be provided for this request: payment_intent or charge.', 'charge');
    }
    const refundable = (charge.amount_captured as number) - (charge.amount_refunded as number);
    if (charge.refunded || refundable <= 0) {
      throw errors.invalid(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded');
    }
    const amount = (params.amount as number | undefined) ?? refundable;
    if (amount > refundable) {
      throw errors.invalid(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable})`,
        'amount',
        'amount_too_large',
      );
    }
    const refund = fromExample('refund', {
      id: newId('re'),
      created: ctx.now,
      amount,
      balance_transaction: newId('txn'),
      charge: charge.id,
      currency: charge.currency,
      destination_details: { card: { type: 'refund' }, type: 'card' },
      metadata: mergeMetadata({}, params.metadata),
      payment_intent: charge.payment_intent,
      reason: params.reason ?? null,
      receipt_number: null,
      status: 'succeeded',
      customer: charge.customer,
      payment_method: charge.payment_method,
    });
    const refunded = (charge.amount_refunded as number) + amount;
    const list = charge.refunds as { data: unknown[]; total_count: number } | null;
    ctx.save({
      ...charge,
      amount_refunded: refunded,
      refunded: refunded === charge.amount,
      refunds: list ? { ...list, data: [refund, ...list.data], total_count: list.total_count + 1 } : null,
    });
    return refund;
  },
};
