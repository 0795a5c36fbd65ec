import { errors } from '../errors.js';
import { mergeMetadata, type Params } from '../params.js';
import { products } from './products.js';
import { fromExample, newId, type Ctx, type ResourceSpec } from './resource.js';

export const prices: ResourceSpec = {
  path: 'prices',
  object: 'price',
  create(params, ctx) {
    const product = priceProduct(params, ctx);
    if (params.unit_amount == null && params.unit_amount_decimal == null) throw errors.missingParam('unit_amount');
    const amount = (params.unit_amount ?? Math.round(params.unit_amount_decimal as number)) as number;
    const rec = params.recurring as Params | null | undefined;
    return fromExample('price', {
      id: newId('price'),
      created: ctx.now,
      active: params.active ?? true,
      billing_scheme: 'per_unit',
      currency: (params.currency as string).toLowerCase(),
      custom_unit_amount: null,
      lookup_key: params.lookup_key ?? null,
      metadata: mergeMetadata({}, params.metadata),
      nickname: params.nickname ?? null,
      product,
      recurring: rec
        ? {
            interval: rec.interval,
            interval_count: rec.interval_count ?? 1,
            meter: null,
            usage_type: rec.usage_type ?? 'licensed',
            trial_period_days: null,
          }
        : null,
      tax_behavior: params.tax_behavior ?? 'unspecified',
      tiers_mode: null,
      transform_quantity: null,
      type: rec ? 'recurring' : 'one_time',
      unit_amount: amount,
      unit_amount_decimal: String(params.unit_amount_decimal ?? amount),
    });
  },
  listMatch(price, filters) {
    return Object.entries(filters).every(([key, value]) =>
      key === 'lookup_keys' ? (value as string[]).includes(price.lookup_key as string) : !(key in price) || price[key] === value,
    );
  },
};

/** The price's product: an existing one, or one made from `product_data`. */
function priceProduct(params: Params, ctx: Ctx): string {
  if (typeof params.product === 'string') {
    if (params.product_data) throw errors.invalid('You may only specify one of these parameters: product, product_data.', 'product');
    return ctx.find(products, params.product, 'product').id;
  }
  if (!params.product_data) throw errors.missingParam('product');
  const product = products.create(params.product_data as Params, ctx);
  ctx.insert(products, product);
  return product.id;
}
