/**
 * The request parameters of the resources the project models: a documented subset of what Stripe
 * takes (Stripe's API reference, "Create a …" / "Update a …"). One table serves two readers: the
 * sandbox validates requests with it, and the connector's catalog turns it into JSON Schema for
 * the console. Form values arrive as strings; the types say what they must parse as.
 */
export type Param =
  | { type: 'string'; required?: boolean; maxLength?: number }
  | { type: 'integer'; required?: boolean; min?: number; max?: number }
  | { type: 'decimal'; required?: boolean; min?: number; max?: number }
  | { type: 'boolean'; required?: boolean }
  | { type: 'enum'; values: readonly string[]; required?: boolean }
  | { type: 'metadata' }
  | { type: 'object'; properties: Schema; required?: boolean }
  | { type: 'array'; items: Param; required?: boolean };

export type Schema = Readonly<Record<string, Param>>;

export interface RequestParams {
  create: Schema;
  update: Schema;
}

const metadata: Param = { type: 'metadata' };
const currency: Param = { type: 'string', required: true, maxLength: 3 };
const collectionMethod: Param = { type: 'enum', values: ['charge_automatically', 'send_invoice'] };

const address: Param = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    country: { type: 'string' },
    line1: { type: 'string' },
    line2: { type: 'string' },
    postal_code: { type: 'string' },
    state: { type: 'string' },
  },
};

const shipping: Param = {
  type: 'object',
  properties: {
    address: { ...address, required: true },
    name: { type: 'string', required: true },
    phone: { type: 'string' },
    carrier: { type: 'string' },
    tracking_number: { type: 'string' },
  },
};

const customer: Schema = {
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

const product: Schema = {
  active: { type: 'boolean' },
  description: { type: 'string' },
  images: { type: 'array', items: { type: 'string' } },
  metadata,
  shippable: { type: 'boolean' },
  statement_descriptor: { type: 'string', maxLength: 22 },
  tax_code: { type: 'string' },
  unit_label: { type: 'string', maxLength: 12 },
  url: { type: 'string' },
};

const price: Schema = {
  active: { type: 'boolean' },
  lookup_key: { type: 'string', maxLength: 200 },
  metadata,
  nickname: { type: 'string' },
  tax_behavior: { type: 'enum', values: ['exclusive', 'inclusive', 'unspecified'] },
};

const charge: Schema = {
  description: { type: 'string' },
  metadata,
  receipt_email: { type: 'string' },
  shipping,
};

const paymentIntent: Schema = {
  description: { type: 'string' },
  metadata,
  payment_method: { type: 'string' },
  receipt_email: { type: 'string' },
  setup_future_usage: { type: 'enum', values: ['off_session', 'on_session'] },
  shipping,
  statement_descriptor: { type: 'string', maxLength: 22 },
};

const invoice: Schema = {
  auto_advance: { type: 'boolean' },
  collection_method: collectionMethod,
  days_until_due: { type: 'integer', min: 0 },
  description: { type: 'string' },
  due_date: { type: 'integer' },
  footer: { type: 'string' },
  metadata,
};

const subscription: Schema = {
  cancel_at_period_end: { type: 'boolean' },
  collection_method: collectionMethod,
  days_until_due: { type: 'integer', min: 0 },
  default_payment_method: { type: 'string' },
  description: { type: 'string', maxLength: 500 },
  metadata,
};

const couponName: Param = { type: 'string', maxLength: 40 };

/** By API path, as in `/v1/<path>`. */
export const REQUEST_PARAMS = {
  customers: {
    create: customer,
    update: { ...customer, default_source: { type: 'string' } },
  },
  products: {
    create: { ...product, id: { type: 'string' }, name: { type: 'string', required: true } },
    update: { ...product, name: { type: 'string' }, default_price: { type: 'string' } },
  },
  prices: {
    create: {
      ...price,
      currency,
      product: { type: 'string' },
      product_data: {
        type: 'object',
        properties: { name: { type: 'string', required: true }, active: { type: 'boolean' }, metadata },
      },
      unit_amount: { type: 'integer', min: 0 },
      unit_amount_decimal: { type: 'decimal', min: 0 },
      recurring: {
        type: 'object',
        properties: {
          interval: { type: 'enum', values: ['day', 'month', 'week', 'year'], required: true },
          interval_count: { type: 'integer', min: 1 },
          usage_type: { type: 'enum', values: ['licensed', 'metered'] },
        },
      },
      billing_scheme: { type: 'enum', values: ['per_unit'] },
    },
    update: price,
  },
  charges: {
    create: {
      ...charge,
      amount: { type: 'integer', required: true, min: 1 },
      currency,
      customer: { type: 'string' },
      source: { type: 'string' },
      capture: { type: 'boolean' },
      statement_descriptor: { type: 'string', maxLength: 22 },
      statement_descriptor_suffix: { type: 'string', maxLength: 22 },
      transfer_group: { type: 'string' },
    },
    update: { ...charge, customer: { type: 'string' } },
  },
  refunds: {
    create: {
      amount: { type: 'integer', min: 1 },
      charge: { type: 'string' },
      payment_intent: { type: 'string' },
      metadata,
      reason: { type: 'enum', values: ['duplicate', 'fraudulent', 'requested_by_customer'] },
    },
    update: { metadata },
  },
  payment_intents: {
    create: {
      ...paymentIntent,
      amount: { type: 'integer', required: true, min: 1 },
      currency,
      customer: { type: 'string' },
      capture_method: { type: 'enum', values: ['automatic', 'automatic_async', 'manual'] },
      confirm: { type: 'boolean' },
      payment_method_types: { type: 'array', items: { type: 'string' } },
      automatic_payment_methods: {
        type: 'object',
        properties: {
          enabled: { type: 'boolean', required: true },
          allow_redirects: { type: 'enum', values: ['always', 'never'] },
        },
      },
    },
    update: { ...paymentIntent, amount: { type: 'integer', min: 1 }, currency: { type: 'string' }, customer: { type: 'string' } },
  },
  invoices: {
    create: {
      ...invoice,
      customer: { type: 'string', required: true },
      currency: { type: 'string', maxLength: 3 },
      subscription: { type: 'string' },
    },
    update: invoice,
  },
  subscriptions: {
    create: {
      ...subscription,
      customer: { type: 'string', required: true },
      items: {
        type: 'array',
        required: true,
        items: {
          type: 'object',
          properties: { price: { type: 'string', required: true }, quantity: { type: 'integer', min: 0 }, metadata },
        },
      },
      trial_period_days: { type: 'integer', min: 0, max: 730 },
    },
    update: subscription,
  },
  coupons: {
    create: {
      id: { type: 'string' },
      amount_off: { type: 'integer', min: 1 },
      currency: { type: 'string', maxLength: 3 },
      duration: { type: 'enum', values: ['forever', 'once', 'repeating'] },
      duration_in_months: { type: 'integer', min: 1 },
      max_redemptions: { type: 'integer', min: 1 },
      metadata,
      name: couponName,
      percent_off: { type: 'decimal', min: 0.01, max: 100 },
      redeem_by: { type: 'integer' },
    },
    update: { metadata, name: couponName },
  },
} as const satisfies Record<string, RequestParams>;
