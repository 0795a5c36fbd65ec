/**
 * The fields Stripe lets each searchable resource be queried by, and their types, as Stripe's
 * search documentation lists them ("Query fields for …"). `metadata` is queried with a key:
 * `metadata['key']`.
 *
 * - `string`: free text; `:` matches the query's words in order, `~` a substring.
 * - `token`: an identifier, enum or boolean; `:` matches the whole value.
 * - `numeric`: an integer (amounts, timestamps); also takes `>`, `<`, `>=`, `<=`.
 */
export type FieldType = 'string' | 'token' | 'numeric';

export const SEARCHABLE_RESOURCES = [
  'charges',
  'customers',
  'invoices',
  'payment_intents',
  'prices',
  'products',
  'subscriptions',
] as const;

export type SearchableResource = (typeof SEARCHABLE_RESOURCES)[number];

export const SEARCH_FIELDS: Readonly<Record<SearchableResource, Readonly<Record<string, FieldType>>>> = {
  charges: {
    amount: 'numeric',
    'billing_details.address.postal_code': 'string',
    created: 'numeric',
    currency: 'token',
    customer: 'token',
    disputed: 'token',
    metadata: 'token',
    'payment_method_details.card.brand': 'token',
    'payment_method_details.card.exp_month': 'numeric',
    'payment_method_details.card.exp_year': 'numeric',
    'payment_method_details.card.fingerprint': 'token',
    'payment_method_details.card.last4': 'token',
    payment_intent: 'token',
    refunded: 'token',
    status: 'token',
  },
  customers: {
    created: 'numeric',
    email: 'string',
    metadata: 'token',
    name: 'string',
    phone: 'string',
  },
  invoices: {
    created: 'numeric',
    currency: 'token',
    customer: 'token',
    last_finalization_error_code: 'token',
    last_finalization_error_type: 'token',
    metadata: 'token',
    number: 'string',
    receipt_number: 'string',
    status: 'token',
    subscription: 'token',
    total: 'numeric',
  },
  payment_intents: {
    amount: 'numeric',
    created: 'numeric',
    currency: 'token',
    customer: 'token',
    metadata: 'token',
    status: 'token',
  },
  prices: {
    active: 'token',
    currency: 'token',
    lookup_key: 'string',
    metadata: 'token',
    product: 'token',
    type: 'token',
  },
  products: {
    active: 'token',
    description: 'string',
    metadata: 'token',
    name: 'string',
    shippable: 'token',
    url: 'string',
  },
  subscriptions: {
    created: 'numeric',
    metadata: 'token',
    status: 'token',
  },
};

export function isSearchableResource(name: string): name is SearchableResource {
  return (SEARCHABLE_RESOURCES as readonly string[]).includes(name);
}
