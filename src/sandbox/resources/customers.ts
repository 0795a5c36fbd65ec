import { mergeMetadata, type Schema } from '../params.js';
import { deleted, fromExample, newId, type ResourceSpec } from './resource.js';
import { address, metadata, shipping } from './shared-params.js';

const fields: Schema = {
  address,
  balance: { type: 'integer' },
  description: { type: 'string' },
  email: { type: 'string', maxLength: 512 },
  invoice_prefix: { type: 'string', maxLength: 12 },
  metadata,
  name: { type: 'string', maxLength: 256 },
  next_invoice_sequence: { type: 'integer', min: 1 },
  phone: { type: 'string', maxLength: 20 },
  preferred_locales: { type: 'array', items: { type: 'string' } },
  shipping,
  tax_exempt: { type: 'enum', values: ['exempt', 'none', 'reverse'] },
};

export const customers: ResourceSpec = {
  path: 'customers',
  object: 'customer',
  createParams: fields,
  updateParams: { ...fields, default_source: { type: 'string' } },
  listFilters: { email: { type: 'string' } },
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
