import { errors } from '../errors.js';
import { mergeMetadata } from '../params.js';
import { applyFields, deleted, fromExample, newId, type ResourceSpec } from './resource.js';

export const coupons: ResourceSpec = {
  path: 'coupons',
  object: 'coupon',
  create(params, ctx) {
    if ((params.amount_off == null) === (params.percent_off == null)) {
      throw errors.invalid('Coupons need exactly one of amount_off or percent_off.', 'percent_off');
    }
    if (params.amount_off != null && params.currency == null) {
      throw errors.invalid('You must pass currency when passing amount_off.', 'currency');
    }
    const duration = (params.duration as string | undefined) ?? 'once';
    if (duration === 'repeating' && params.duration_in_months == null) throw errors.missingParam('duration_in_months');
    if (duration !== 'repeating' && params.duration_in_months != null) {
      throw errors.invalid('duration_in_months can only be set when duration is repeating.', 'duration_in_months');
    }
    return fromExample('coupon', {
      id: typeof params.id === 'string' ? ctx.claimId(coupons, params.id) : newId('', 8).slice(1).toUpperCase(),
      created: ctx.now,
      amount_off: params.amount_off ?? null,
      currency: typeof params.currency === 'string' ? params.currency.toLowerCase() : null,
      duration,
      duration_in_months: params.duration_in_months ?? null,
      max_redemptions: params.max_redemptions ?? null,
      metadata: mergeMetadata({}, params.metadata),
      name: params.name ?? null,
      percent_off: params.percent_off ?? null,
      redeem_by: params.redeem_by ?? null,
      times_redeemed: 0,
      valid: true,
    });
  },
  update: applyFields,
  del: deleted,
};
