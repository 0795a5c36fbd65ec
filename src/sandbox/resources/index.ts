import { charges } from './charges.js';
import { coupons } from './coupons.js';
import { customers } from './customers.js';
import { invoices } from './invoices.js';
import { paymentIntents } from './payment-intents.js';
import { prices } from './prices.js';
import { products } from './products.js';
import { refunds } from './refunds.js';
import type { ResourceSpec } from './resource.js';
import { subscriptions } from './subscriptions.js';

/** Every resource the sandbox serves, by its URL segment. */
export const RESOURCES: ReadonlyMap<string, ResourceSpec> = new Map(
  [customers, products, prices, charges, refunds, paymentIntents, invoices, subscriptions, coupons].map((r) => [r.path, r]),
);

/** Which resource an id belongs to, by its prefix: for `expand[]`. */
export const RESOURCE_BY_ID_PREFIX: ReadonlyMap<string, ResourceSpec> = new Map([
  ['cus', customers],
  ['prod', products],
  ['price', prices],
  ['ch', charges],
  ['re', refunds],
  ['pi', paymentIntents],
  ['in', invoices],
  ['sub', subscriptions],
]);

export type { ResourceSpec } from './resource.js';
