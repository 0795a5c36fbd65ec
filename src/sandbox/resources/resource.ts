import { randomInt } from 'node:crypto';
import { methodAt, stripeApi, stripeExamples, type ExampleObjectName, type JsonSchema } from '../../stripe-api/index.js';
import { errors } from '../errors.js';
import { mergeMetadata, type Params } from '../params.js';
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

/** `POST /v1/<path>/{id}/<action>`; its parameters are those the SDK declares for that request. */
export interface Action {
  run(object: StripeObject, params: Params, ctx: Ctx): StripeObject;
}

/**
 * One Stripe resource: what create, update, delete and its actions do. Its parameters are Stripe's,
 * from the Stripe description (see `requestSchema`), so whatever the SDK declares is taken.
 */
export interface ResourceSpec {
  /** URL segment and store name: `customers`. */
  readonly path: string;
  /** The `object` field: `customer`. */
  readonly object: ExampleObjectName;
  create(params: Params, ctx: Ctx): StripeObject;
  /** Defaults to setting each given field and merging metadata. */
  update?(object: StripeObject, params: Params, ctx: Ctx): StripeObject;
  /** Absent where Stripe has no DELETE for the resource. */
  del?(object: StripeObject, ctx: Ctx): StripeObject;
  /** `POST /v1/<path>/{id}/<action>`. */
  readonly actions?: Readonly<Record<string, Action>>;
  /** Whether a listed object passes the list filters given; equality on each field it has by default. */
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
  const example = structuredClone(stripeExamples()[name]) as Record<string, unknown>;
  return { ...example, livemode: false, metadata: {}, ...fields } as unknown as StripeObject;
}

/**
 * The JSON Schema of the params of a request to a resource, as the SDK declares them: by its
 * endpoint (`DELETE /{}`, `POST /{}/confirm`, relative to the resource's path).
 */
export function requestSchema(resource: ResourceSpec, endpoint: string): JsonSchema {
  const [verb, rest] = endpoint.split(' ') as [string, string];
  const object = stripeApi().objects.get(resource.path);
  const method = object && methodAt(object, `${verb} /v1/${resource.path}${rest}`);
  const schema = method && object.requests[method];
  if (!schema) throw new Error(`the Stripe description has no request ${verb} /v1/${resource.path}${rest}`);
  return schema;
}

/**
 * The default update: each given field the object has replaces its value, null unsets, metadata
 * merges. A parameter that is no field of the object (an instruction such as `source`) is taken
 * and has no stored effect.
 */
export function applyFields(object: StripeObject, params: Params): StripeObject {
  const next: StripeObject = { ...object };
  for (const [key, value] of Object.entries(params)) {
    if (key === 'metadata') next.metadata = mergeMetadata(object.metadata as Record<string, string>, value);
    else if (value === null ? key in object && key !== 'expand' : fits(object, key, value)) next[key] = value;
  }
  return next;
}

/** Parameters Stripe requires of this sandbox's uses though the SDK types them optional (they have rarer alternatives). */
export function requireParams(params: Params, ...names: string[]): void {
  for (const name of names) if (params[name] == null) throw errors.missingParam(name);
}

/**
 * After a create: a parameter its handler left unset fills the object's field of that name, where
 * the field holds that kind of value (a `source` token is no `source` object).
 */
export function fillDeclared(object: StripeObject, params: Params): StripeObject {
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && object[key] === null && fits(object, key, value)) object[key] = value;
  }
  return object;
}

/** Whether a parameter's value may stand in the object's field of that name: it has one, of that kind. */
function fits(object: StripeObject, key: string, value: unknown): boolean {
  if (key === 'expand' || !(key in object)) return false;
  const example = (stripeExamples() as Record<string, Record<string, unknown>>)[object.object]?.[key];
  return example === null || example === undefined || jsonKind(example) === jsonKind(value);
}

function jsonKind(value: unknown): string {
  return Array.isArray(value) ? 'array' : typeof value;
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
