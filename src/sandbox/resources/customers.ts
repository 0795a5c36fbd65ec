import { mergeMetadata } from '../params.js';
import { deleted, fromExample, newId, type ResourceSpec } from './resource.js';

export const customers: ResourceSpec = {
  path: 'customers',
  object: 'customer',
  create(params, ctx) {
    const id = newId('cus', 14);
    return fromExample('customer', {
      id,
      created: ctx.now,
      address: params.address ?? null,
      balance: params.balance ?? 0,
      currency: null,
      default_source: null,
      delinquent: false,
      description: params.description ?? null,
      discount: null,
      email: params.email ?? null,
      invoice_prefix: params.invoice_prefix ?? id.slice(4, 12).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      metadata: mergeMetadata({}, params.metadata),
      name: params.name ?? null,
      next_invoice_sequence: params.next_invoice_sequence ?? 1,
      phone: params.phone ?? null,
      preferred_locales: params.preferred_locales ?? [],
      shipping: params.shipping ?? null,
      tax_exempt: params.tax_exempt ?? 'none',
      test_clock: null,
    });
  },
  del: deleted,
};
