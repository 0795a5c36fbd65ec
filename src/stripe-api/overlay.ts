/**
 * Constraints Stripe's declarations state only in prose (or not at all), kept by hand beside the
 * generated description: the SDK types every number as `number` and every length as `string`.
 * Each entry names where it applies — `object.request.parameter` — and says what the API reference
 * says. Keep it small: anything the SDK can say belongs in the generator instead.
 */
export interface Constraint {
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

/** Numeric parameters that take decimals; every other `number` the SDK declares is an integer. */
export const DECIMAL_PARAMETERS: ReadonlySet<string> = new Set([
  'amount_percent',
  'application_fee_percent',
  'height',
  'length',
  'percent_off',
  'percent_ownership',
  'percentage',
  'weight',
  'width',
]);

const EVERY_WRITE = ['create', 'update'] as const;

/** `object` → parameter → constraint, for the requests listed (create and update unless said). */
const BY_OBJECT: Readonly<Record<string, Record<string, Constraint & { requests?: readonly string[] }>>> = {
  customers: {
    email: { maxLength: 512 },
    invoice_prefix: { maxLength: 12 },
    name: { maxLength: 256 },
    phone: { maxLength: 20 },
    next_invoice_sequence: { minimum: 1 },
  },
  products: { statement_descriptor: { maxLength: 22 }, unit_label: { maxLength: 12 } },
  prices: { lookup_key: { maxLength: 200 }, unit_amount: { minimum: 0 } },
  charges: {
    amount: { minimum: 1, requests: ['create'] },
    statement_descriptor: { maxLength: 22 },
    statement_descriptor_suffix: { maxLength: 22 },
  },
  payment_intents: {
    amount: { minimum: 1 },
    amount_to_capture: { minimum: 1, requests: ['capture'] },
    statement_descriptor: { maxLength: 22 },
    statement_descriptor_suffix: { maxLength: 22 },
  },
  refunds: { amount: { minimum: 1, requests: ['create'] } },
  invoices: { days_until_due: { minimum: 0 } },
  subscriptions: { days_until_due: { minimum: 0 }, description: { maxLength: 500 }, trial_period_days: { minimum: 0, maximum: 730 } },
  coupons: { name: { maxLength: 40 }, percent_off: { minimum: 0.01, maximum: 100 }, duration_in_months: { minimum: 1 }, max_redemptions: { minimum: 1 } },
};

/** Every list takes 1–100 per page. */
const LIST_LIMIT: Constraint = { minimum: 1, maximum: 100 };

/** The constraints on one request's top-level parameters. */
export function overlayFor(object: string, request: string): Record<string, Constraint> {
  const out: Record<string, Constraint> = {};
  if (request === 'list' || request === 'search') out.limit = LIST_LIMIT;
  for (const [param, { requests = EVERY_WRITE, ...constraint }] of Object.entries(BY_OBJECT[object] ?? {})) {
    if (requests.includes(request)) out[param] = constraint;
  }
  return out;
}
