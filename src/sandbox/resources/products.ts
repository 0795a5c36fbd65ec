import { errors } from '../errors.js';
import { mergeMetadata } from '../params.js';
import { applyFields, deleted, fromExample, newId, type ResourceSpec } from './resource.js';

export const products: ResourceSpec = {
  path: 'products',
  object: 'product',
  create(params, ctx) {
    return fromExample('product', {
      id: typeof params.id === 'string' ? ctx.claimId(products, params.id) : newId('prod', 14),
      created: ctx.now,
      updated: ctx.now,
      active: params.active ?? true,
      default_price: null,
      description: params.description ?? null,
      images: params.images ?? [],
      marketing_features: [],
      metadata: mergeMetadata({}, params.metadata),
      name: params.name,
      package_dimensions: null,
      shippable: params.shippable ?? null,
      statement_descriptor: params.statement_descriptor ?? null,
      tax_code: params.tax_code ?? null,
      unit_label: params.unit_label ?? null,
      url: params.url ?? null,
      type: 'service',
    });
  },
  update(product, params, ctx) {
    if (typeof params.default_price === 'string') {
      const price = ctx.store.get(ctx.account, params.default_price);
      if (!price || price.resource !== 'prices') throw errors.noSuch('price', params.default_price, 'default_price');
      if (price.object.product !== product.id) {
        throw errors.invalid(`The price ${params.default_price} does not belong to product ${product.id}.`, 'default_price');
      }
    }
    return { ...applyFields(product, params), updated: ctx.now };
  },
  del(product, ctx) {
    for (const { object: price } of ctx.store.newestFirst(ctx.account, 'prices')) {
      if (price.product === product.id) {
        throw errors.invalid('This product cannot be deleted because it has one or more user-created prices.', 'id');
      }
    }
    return deleted(product);
  },
};
