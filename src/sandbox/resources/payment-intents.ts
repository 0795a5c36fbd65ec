import { errors, StripeApiError } from '../errors.js';
import { mergeMetadata, type Params } from '../params.js';
import type { StripeObject } from '../store.js';
import { charges, makeCharge } from './charges.js';
import { customers } from './customers.js';
import { applyFields, fromExample, newId, type Ctx, type ResourceSpec } from './resource.js';

const FINAL = new Set(['succeeded', 'canceled']);

export const paymentIntents: ResourceSpec = {
  path: 'payment_intents',
  object: 'payment_intent',
  create(params, ctx) {
    if (typeof params.customer === 'string') ctx.find(customers, params.customer, 'customer');
    const id = newId('pi');
    const intent = fromExample('payment_intent', {
      id,
      created: ctx.now,
      amount: params.amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      automatic_payment_methods: params.payment_method_types
        ? null
        : (params.automatic_payment_methods ?? { allow_redirects: null, enabled: true }),
      canceled_at: null,
      capture_method: params.capture_method ?? 'automatic_async',
      client_secret: `${id}_secret_${newId('x', 25).slice(2)}`,
      currency: (params.currency as string).toLowerCase(),
      customer: params.customer ?? null,
      description: params.description ?? null,
      last_payment_error: null,
      latest_charge: null,
      metadata: mergeMetadata({}, params.metadata),
      next_action: null,
      payment_method: params.payment_method ?? null,
      payment_method_configuration_details: null,
      payment_method_options: {},
      payment_method_types: params.payment_method_types ?? ['card'],
      processing: null,
      receipt_email: params.receipt_email ?? null,
      setup_future_usage: params.setup_future_usage ?? null,
      shipping: params.shipping ?? null,
      statement_descriptor: params.statement_descriptor ?? null,
      status: params.payment_method ? 'requires_confirmation' : 'requires_payment_method',
      transfer_data: null,
      managed_payments: null,
    });
    if (params.confirm !== true) return intent;
    // Stored before confirming, so that a declined confirmation still leaves the intent behind.
    ctx.insert(paymentIntents, intent);
    return confirm(intent, {}, ctx);
  },
  update(intent, params) {
    if (FINAL.has(intent.status as string)) {
      throw errors.invalid(
        `This PaymentIntent's status is ${intent.status as string}; it can no longer be updated.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    }
    const next = applyFields(intent, params);
    if (params.payment_method) next.status = 'requires_confirmation';
    return next;
  },
  actions: {
    confirm: { run: confirm },
    cancel: {
      run(intent, params, ctx) {
        if (FINAL.has(intent.status as string)) {
          throw unexpectedState(intent, 'cancel', 'requires_payment_method, requires_capture, requires_confirmation, requires_action or processing');
        }
        return { ...intent, status: 'canceled', canceled_at: ctx.now, cancellation_reason: params.cancellation_reason ?? null };
      },
    },
    capture: {
      run(intent, params, ctx) {
        if (intent.status !== 'requires_capture') throw unexpectedState(intent, 'capture', 'requires_capture');
        const amount = (params.amount_to_capture as number | undefined) ?? (intent.amount as number);
        const charge = ctx.find(charges, intent.latest_charge as string);
        ctx.save({ ...charge, captured: true, amount_captured: amount });
        return { ...intent, status: 'succeeded', amount_capturable: 0, amount_received: amount };
      },
    },
  },
};

/** Charges the intent's payment method; a declining test card leaves it `requires_payment_method`. */
function confirm(intent: StripeObject, params: Params, ctx: Ctx): StripeObject {
  if (FINAL.has(intent.status as string)) {
    throw unexpectedState(intent, 'confirm', 'requires_payment_method, requires_confirmation or requires_action');
  }
  const method = (params.payment_method as string | undefined) ?? (intent.payment_method as string | null);
  if (!method) {
    throw errors.invalid(
      'You cannot confirm this PaymentIntent because it\'s missing a payment method. Update it with a payment_method, or pass one when you confirm.',
      'payment_method',
      'payment_intent_unexpected_state',
    );
  }
  const manual = intent.capture_method === 'manual';
  try {
    const charge = makeCharge(ctx, {
      amount: intent.amount as number,
      currency: intent.currency as string,
      customer: intent.customer as string | null,
      source: method,
      capture: !manual,
      paymentIntent: intent.id,
    });
    return {
      ...intent,
      payment_method: newId('pm'),
      latest_charge: charge.id,
      status: manual ? 'requires_capture' : 'succeeded',
      amount_capturable: manual ? intent.amount : 0,
      amount_received: manual ? 0 : intent.amount,
    };
  } catch (e) {
    if (!(e instanceof StripeApiError) || e.status !== 402) throw e;
    const failed = { ...intent, status: 'requires_payment_method', last_payment_error: e.toBody().error, payment_method: null };
    ctx.save(failed);
    throw new StripeApiError(402, 'card_error', e.message, e.code, undefined, { ...e.extra, payment_intent: failed });
  }
}

function unexpectedState(intent: StripeObject, action: string, allowed: string): StripeApiError {
  return errors.invalid(
    `You cannot ${action} this PaymentIntent because it has a status of ${intent.status as string}. Only a PaymentIntent with one of the following statuses may be ${action === 'cancel' ? 'canceled' : `${action}ed`}: ${allowed}.`,
    undefined,
    'payment_intent_unexpected_state',
  );
}
