import { stripeApi, stripeExamples, stripeObjects, type JsonSchema, type StripeObjectSummary } from '../../stripe-api/index.js';
import { SEARCH_FIELDS, isSearchableResource, type FieldType } from './search-query/index.js';

/**
 * The object catalog: which Stripe objects exist and what each supports, derived from the Stripe
 * description generated from the installed `stripe` SDK's declarations — never a hand-kept list.
 * A newer SDK, regenerated, brings its new objects, methods and parameters with it.
 */
/** The connector's activities: every list of them elsewhere (the protocol, the API, the CLI) is this one. */
export const ACTIVITIES = ['search', 'read', 'create', 'update', 'delete'] as const;
export type Activity = (typeof ACTIVITIES)[number];

export type { JsonSchema };

/** What an object is and supports: all that running an activity needs. */
export interface CatalogObject {
  /** The name activities use: the API path, as in `/v1/<object>` (`payment_intents`, `invoiceitems`). */
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
}

/** An object with the JSON Schemas of its requests and responses: what screens and `stripe-agent catalog` show. */
export interface CatalogEntry extends CatalogObject {
  /** JSON Schemas of the requests, from the SDK's declarations; null where the object has no such request. */
  requestSchema: { create: JsonSchema | null; update: JsonSchema | null; list: JsonSchema | null; search: JsonSchema | null };
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

let objects: ReadonlyMap<string, CatalogObject> | undefined;

/** Every object, by its name, without schemas; built once, on first use, from the description's light half. */
export function catalogObjects(): ReadonlyMap<string, CatalogObject> {
  objects ??= new Map(
    [...stripeObjects().values()].flatMap((description) => {
      const activities = ACTIVITIES.filter((a) => description.methods.some((m) => METHOD_ACTIVITY[m] === a));
      return activities.length === 0 ? [] : [[description.path, describe(description, activities)] as const];
    }),
  );
  return objects;
}

let built: ReadonlyMap<string, CatalogEntry> | undefined;

/** Every object with its schemas, by its name; built once, on first use. */
export function catalog(): ReadonlyMap<string, CatalogEntry> {
  built ??= new Map([...catalogObjects().values()].map((o) => [o.object, withSchemas(o)]));
  return built;
}

let aliases: ReadonlyMap<string, CatalogObject> | undefined;

/** An object by its name, or by the name its SDK property gives it (`invoice_items`), which earlier versions used. */
export function lookup(name: string): CatalogObject | undefined {
  aliases ??= new Map([...catalogObjects().values()].map((e) => [snake(e.sdkResource), e]));
  return catalogObjects().get(name) ?? aliases.get(name);
}

function describe(description: StripeObjectSummary, activities: Activity[]): CatalogObject {
  const { path: object, sdkResource, methods } = description;
  const objectType = description.objectType ?? object;
  const example = exampleOf(objectType);
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
    singleton: description.singleton,
    searchFields: isSearchableResource(object) ? SEARCH_FIELDS[object] : null,
    actions: actions.sort(),
    subObjects: [...subObjects].map(([name, set]) => ({ name, actions: [...set].sort() })).sort((a, b) => a.name.localeCompare(b.name)),
    deleteAlternative: activities.includes('delete') ? null : deleteAlternative(object, methods, example),
  };
}

function withSchemas(o: CatalogObject): CatalogEntry {
  const { methods, requests } = stripeApi().objects.get(o.object)!;
  const example = exampleOf(o.objectType);
  return {
    ...o,
    requestSchema: {
      create: o.activities.includes('create') ? (requests.create ?? NO_PARAMS) : null,
      update: o.activities.includes('update') ? (requests.update ?? NO_PARAMS) : null,
      list: methods.includes('list') ? (requests.list ?? NO_PARAMS) : null,
      search: o.activities.includes('search') ? (requests.search ?? null) : null,
    },
    responseSchema: example ? inferSchema(example) : null,
  };
}

function exampleOf(objectType: string): Record<string, unknown> | undefined {
  return (stripeExamples() as Record<string, unknown>)[objectType] as Record<string, unknown> | undefined;
}

/** What a request the SDK declares without parameters takes. */
const NO_PARAMS: JsonSchema = { type: 'object', additionalProperties: false };

function deleteAlternative(object: string, methods: string[], example: Record<string, unknown> | undefined): string {
  if (object === 'charges') return REFUND_INSTEAD;
  if (methods.includes('cancel')) return `Stripe has no delete for ${object}; cancel instead (the ${object} cancel operation).`;
  if (example && typeof example.active === 'boolean' && methods.includes('update')) {
    return `Stripe has no delete for ${object}; archive instead: update it with active=false.`;
  }
  return `Stripe has no delete for ${object}.`;
}

function snake(camel: string): string {
  return camel.replace(/[A-Z]/g, (c, i: number) => `${i > 0 ? '_' : ''}${c.toLowerCase()}`);
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
