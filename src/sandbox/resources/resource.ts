import { randomInt } from 'node:crypto';
import { STRIPE_EXAMPLES, type ExampleObjectName } from '../../connectors/stripe/reference/examples.js';
import { errors } from '../errors.js';
import { mergeMetadata, type Params, type Schema } from '../params.js';
import type { ObjectStore, StripeObject } from '../store.js';

/** What a resource's handlers may touch: the caller's account, and nothing of any other. */
export class Ctx {
  readonly now = Math.floor(Date.now() / 1000);
  constructor(
    readonly store: ObjectStore,
    readonly account: string,
  ) {}

  /** Finds an object of `resource` by id, or answers Stripe's 404 naming `param`. */
  find(resource: ResourceSpec, id: string, param = 'id'): StripeObject {
    const found = this.store.get(this.account, id);
    if (!found || found.resource !== resource.path) throw errors.noSuch(resource.object, id, param);
    return found.object;
  }

  insert(resource: ResourceSpec, object: StripeObject): void {
    this.claimId(resource, object.id);
    this.store.insert(this.account, resource.path, object);
  }

  /** Refuses an id the caller chose (a coupon's, a product's) when it is taken. */
  claimId(resource: ResourceSpec, id: string): string {
    if (this.store.get(this.account, id)) {
      throw errors.invalid(`${capitalize(resource.object)} already exists.`, 'id', 'resource_already_exists');
    }
    return id;
  }

  /** Stores a new object, or the newer state of one its handler already stored. */
  put(resource: ResourceSpec, object: StripeObject): void {
    if (this.store.get(this.account, object.id)) this.save(object);
    else this.store.insert(this.account, resource.path, object);
  }

  save(object: StripeObject): void {
    this.store.replace(this.account, object);
  }
}

export interface Action {
  params: Schema;
  run(object: StripeObject, params: Params, ctx: Ctx): StripeObject;
}

/** One Stripe resource: its parameters and what create, update, delete and its actions do. */
export interface ResourceSpec {
  /** URL segment and store name: `customers`. */
  readonly path: string;
  /** The `object` field: `customer`. */
  readonly object: ExampleObjectName;
  readonly createParams: Schema;
  readonly updateParams: Schema;
  /** Filters `GET /v1/<path>` takes besides limit, starting_after, ending_before and created. */
  readonly listFilters: Schema;
  create(params: Params, ctx: Ctx): StripeObject;
  /** Defaults to setting each given field and merging metadata. */
  update?(object: StripeObject, params: Params, ctx: Ctx): StripeObject;
  /** Absent where Stripe has no DELETE for the resource. */
  del?(object: StripeObject, ctx: Ctx): StripeObject;
  /** `POST /v1/<path>/{id}/<action>`. */
  readonly actions?: Readonly<Record<string, Action>>;
  /** Whether a listed object passes the list filters given; equality on each filter by default. */
  listMatch?(object: StripeObject, filters: Params): boolean;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An id in Stripe's style: prefix, underscore, random base-62 characters. */
export function newId(prefix: string, length = 24): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${prefix}_${s}`;
}

/**
 * A new object in the shape of Stripe's example for it: every field the example has, with the
 * example's values replaced by `fields` (what a fresh object of this kind really holds).
 */
export function fromExample(name: ExampleObjectName, fields: Record<string, unknown>): StripeObject {
  const example = structuredClone(STRIPE_EXAMPLES[name]) as Record<string, unknown>;
  return { ...example, livemode: false, metadata: {}, ...fields } as unknown as StripeObject;
}

/** The default update: each given field replaces the object's, null unsets, metadata merges. */
export function applyFields(object: StripeObject, params: Params): StripeObject {
  const next: StripeObject = { ...object };
  for (const [key, value] of Object.entries(params)) {
    if (key === 'expand') continue;
    next[key] = key === 'metadata' ? mergeMetadata(object.metadata as Record<string, string>, value) : value;
  }
  return next;
}

export function deleted(object: StripeObject): StripeObject {
  return { id: object.id, object: object.object, deleted: true };
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A list sub-object as Stripe embeds one (a charge's refunds, an invoice's lines). */
export function embeddedList(url: string, data: unknown[] = []): Record<string, unknown> {
  return { object: 'list', data, has_more: false, total_count: data.length, url };
}
