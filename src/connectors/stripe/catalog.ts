import Stripe from 'stripe';
import { STRIPE_EXAMPLES } from './reference/examples.js';
import { REQUEST_PARAMS, type Param, type Schema } from './reference/params.js';
import { SEARCH_FIELDS, isSearchableResource, type FieldType } from './search-query/index.js';

/**
 * The object catalog: which Stripe objects exist and what each supports, derived from the
 * resources the installed `stripe` SDK exposes — never a hand-kept list. A newer SDK brings its
 * new objects and methods with it.
 */
export type Activity = 'search' | 'read' | 'create' | 'update' | 'delete';
export const ACTIVITIES: readonly Activity[] = ['search', 'read', 'create', 'update', 'delete'];

export type JsonSchema = Record<string, unknown>;

export interface CatalogEntry {
  /** The name activities use: the API path, as in `/v1/<object>` (`payment_intents`). */
  object: string;
  /** Stripe's `object` field of one such object (`payment_intent`). */
  objectType: string;
  /** The SDK's property for it (`paymentIntents`). */
  sdkResource: string;
  activities: Activity[];
  /** True when read takes no id (a singleton such as `balance`). */
  singleton: boolean;
  /** Search fields and their types, for searchable objects. */
  searchFields: Readonly<Record<string, FieldType>> | null;
  /** Other operations on the object itself (`cancel`, `confirm`, `finalizeInvoice`, …). */
  actions: string[];
  /** Objects reached through this one (`customers` → `tax_ids`), with their operations. */
  subObjects: Array<{ name: string; actions: string[] }>;
  /** What Stripe offers where it has no delete. */
  deleteAlternative: string | null;
  requestSchema: { create: JsonSchema | null; update: JsonSchema | null };
  /** JSON Schema of the object, inferred from Stripe's example of it; null where there is none. */
  responseSchema: JsonSchema | null;
}

const METHOD_ACTIVITY: Readonly<Record<string, Activity>> = {
  search: 'search',
  retrieve: 'read',
  create: 'create',
  update: 'update',
  del: 'delete',
};
const PLAIN_METHODS = new Set(['constructor', 'list', ...Object.keys(METHOD_ACTIVITY)]);
const SUB_OBJECT_METHOD = /^(create|retrieve|update|delete|list)([A-Z][A-Za-z]+)$/;

/** The one alternative not visible in the SDK's shape: charges are undone by refunds. */
const REFUND_INSTEAD = 'Charges cannot be deleted; refund one instead: create a refund with charge=<id>.';

let built: ReadonlyMap<string, CatalogEntry> | undefined;

/** Every object, by its name; built once, on first use. */
export function catalog(): ReadonlyMap<string, CatalogEntry> {
  built ??= build();
  return built;
}

function build(): ReadonlyMap<string, CatalogEntry> {
  // A client is needed only to look at its resources; it never sends a request.
  const sdk = new Stripe('sk_test_catalog') as unknown as Record<string, unknown>;
  const entries: CatalogEntry[] = [];
  for (const sdkResource of Object.keys(sdk).sort()) {
    const resource = sdk[sdkResource];
    if (!resource || typeof resource !== 'object') continue;
    const methods = methodNames(resource);
    const activities = ACTIVITIES.filter((a) => methods.some((m) => METHOD_ACTIVITY[m] === a));
    if (activities.length === 0) continue;
    entries.push(describe(sdkResource, resource as Record<string, unknown>, methods, activities));
  }
  return new Map(entries.map((e) => [e.object, e]));
}

function describe(sdkResource: string, resource: Record<string, unknown>, methods: string[], activities: Activity[]): CatalogEntry {
  const object = snake(sdkResource);
  const objectType = object.endsWith('s') ? object.slice(0, -1) : object;
  const example = (STRIPE_EXAMPLES as Record<string, unknown>)[objectType] as Record<string, unknown> | undefined;
  const retrieve = resource.retrieve as ((...args: unknown[]) => unknown) | undefined;
  const modeled = (REQUEST_PARAMS as Record<string, { create: Schema; update: Schema }>)[object];
  const subObjects = new Map<string, Set<string>>();
  const actions: string[] = [];
  for (const method of methods) {
    if (PLAIN_METHODS.has(method)) continue;
    const sub = SUB_OBJECT_METHOD.exec(method);
    if (!sub) {
      actions.push(method);
      continue;
    }
    const [, action, name] = sub as unknown as [string, string, string];
    const key = action === 'list' || name.endsWith('s') ? snake(name) : `${snake(name)}s`;
    subObjects.set(key, (subObjects.get(key) ?? new Set()).add(action));
  }
  return {
    object,
    objectType,
    sdkResource,
    activities,
    // The SDK's retrieve takes (id, params, options), or (params, options) for a singleton.
    singleton: retrieve !== undefined && retrieve.length < 3,
    searchFields: isSearchableResource(object) ? SEARCH_FIELDS[object] : null,
    actions: actions.sort(),
    subObjects: [...subObjects].map(([name, set]) => ({ name, actions: [...set].sort() })).sort((a, b) => a.name.localeCompare(b.name)),
    deleteAlternative: activities.includes('delete') ? null : deleteAlternative(object, methods, example),
    requestSchema: {
      create: activities.includes('create') ? requestSchema(modeled?.create) : null,
      update: activities.includes('update') ? requestSchema(modeled?.update) : null,
    },
    responseSchema: example ? inferSchema(example) : null,
  };
}

function deleteAlternative(object: string, methods: string[], example: Record<string, unknown> | undefined): string {
  if (object === 'charges') return REFUND_INSTEAD;
  if (methods.includes('cancel')) return `Stripe has no delete for ${object}; cancel instead (the ${object} cancel operation).`;
  if (example && typeof example.active === 'boolean' && methods.includes('update')) {
    return `Stripe has no delete for ${object}; archive instead: update it with active=false.`;
  }
  return `Stripe has no delete for ${object}.`;
}

/** The API operations of a resource: its own class's methods, not those every resource inherits. */
function methodNames(resource: object): string[] {
  const proto = Object.getPrototypeOf(resource) as object | null;
  // Namespaces (billing, checkout, …) and settings are plain objects, not resources.
  if (!proto || proto === Object.prototype) return [];
  return Object.getOwnPropertyNames(proto).filter(
    (name) => typeof (resource as Record<string, unknown>)[name] === 'function' && !name.startsWith('_'),
  );
}

function snake(camel: string): string {
  return camel.replace(/[A-Z]/g, (c, i: number) => `${i > 0 ? '_' : ''}${c.toLowerCase()}`);
}

const UNMODELED: JsonSchema = {
  type: 'object',
  additionalProperties: true,
  description: "Not modeled by this connector; the fields are passed to Stripe as given (see Stripe's API reference).",
};

/** JSON Schema of a request, from the connector's parameter table. */
export function requestSchema(schema: Schema | undefined): JsonSchema {
  if (!schema) return UNMODELED;
  const required = Object.entries(schema)
    .filter(([, p]) => 'required' in p && p.required)
    .map(([k]) => k);
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(schema).map(([k, p]) => [k, paramSchema(p)])),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

function paramSchema(p: Param): JsonSchema {
  switch (p.type) {
    case 'string':
      return { type: 'string', ...(p.maxLength ? { maxLength: p.maxLength } : {}) };
    case 'integer':
    case 'decimal':
      return {
        type: p.type === 'integer' ? 'integer' : 'number',
        ...(p.min !== undefined ? { minimum: p.min } : {}),
        ...(p.max !== undefined ? { maximum: p.max } : {}),
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'string', enum: [...p.values] };
    case 'metadata':
      return { type: 'object', additionalProperties: { type: 'string', maxLength: 500 }, maxProperties: 50 };
    case 'object':
      return requestSchema(p.properties);
    case 'array':
      return { type: 'array', items: paramSchema(p.items) };
  }
}

/** A JSON Schema read off one example; a field null in the example may hold anything. */
export function inferSchema(value: unknown): JsonSchema {
  if (value === null) return {};
  if (Array.isArray(value)) return { type: 'array', items: value.length > 0 ? inferSchema(value[0]) : {} };
  switch (typeof value) {
    case 'string':
      return { type: 'string' };
    case 'number':
      return { type: Number.isInteger(value) ? 'integer' : 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'object':
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, inferSchema(v)])),
      };
    default:
      return {};
  }
}
