import { readFileSync } from 'node:fs';
import { DECIMAL_PARAMETERS, overlayFor } from './overlay.js';

/*
 * What Stripe's API is, as the installed `stripe` SDK declares it: each object's path, object type,
 * methods and the JSON Schema of its requests. It describes Stripe, not the connector or the
 * sandbox, so both read it. The data is generated (`npm run generate`, description.json); the
 * few constraints the SDK states only in prose come from overlay.ts.
 */
export type JsonSchema = Record<string, unknown>;

export interface StripeObjectDescription {
  /** The SDK's property for it (`invoiceItems`). */
  sdkResource: string;
  /** The path under /v1 (`invoiceitems`, `apple_pay/domains`). */
  path: string;
  /** Stripe's `object` field of one such object (`invoiceitem`); null where the SDK declares none. */
  objectType: string | null;
  /** The SDK resource's methods. */
  methods: string[];
  /** Retrieve takes no id (`balance`). */
  singleton: boolean;
  /** Each method's HTTP request, as `POST /v1/customers/{}` (`{}` for each id). */
  endpoints: Readonly<Record<string, string>>;
  /**
   * JSON Schema of each SDK method's params, by method name (`create`, `update`, `list`, `search`,
   * `confirm`, …); shared parts are the same objects in memory, never copies.
   */
  requests: Readonly<Record<string, JsonSchema>>;
}

export interface StripeApi {
  /** The `stripe` package and API version it was read from. */
  generatedFrom: { package: string; version: string; apiVersion: string };
  /** By path. */
  objects: ReadonlyMap<string, StripeObjectDescription>;
}

interface Raw {
  generatedFrom: StripeApi['generatedFrom'];
  objects: Record<string, StripeObjectDescription>;
  $defs: Record<string, JsonSchema>;
}

/**
 * The description is 1 MiB of JSON that most processes never need (`--help`, an agent running
 * jobs), so it is read from disk on first use rather than imported, which would parse it at start.
 */
function readDescription(): Raw {
  return JSON.parse(readFileSync(new URL('./description.json', import.meta.url), 'utf8')) as Raw;
}

let loaded: StripeApi | undefined;

/** The description with its request schemas, read once. */
export function stripeApi(): StripeApi {
  loaded ??= load(readDescription());
  return loaded;
}

/** What an object is and which methods it has, without its request schemas. */
export type StripeObjectSummary = Omit<StripeObjectDescription, 'requests'>;

let summaries: ReadonlyMap<string, StripeObjectSummary> | undefined;

/**
 * The objects without their request schemas, for callers that only look objects up (an agent
 * running jobs): the schemas, nine tenths of the file, are parsed and dropped, never resolved or held.
 */
export function stripeObjects(): ReadonlyMap<string, StripeObjectSummary> {
  if (!summaries) {
    const objects = loaded ? [...loaded.objects] : Object.entries(readDescription().objects);
    summaries = new Map(objects.map(([path, { requests: _, ...summary }]) => [path, summary]));
  }
  return summaries;
}

function load(raw: Raw): StripeApi {
  const defs = new Map<string, JsonSchema>();
  const resolving = new Set<string>();
  const def = (name: string): JsonSchema => {
    const done = defs.get(name);
    if (done) return done;
    if (resolving.has(name)) throw new Error(`the Stripe description's $defs/${name} refers to itself`);
    resolving.add(name);
    const schema = resolve(raw.$defs[name]) as JsonSchema;
    defs.set(name, schema);
    return schema;
  };
  // `$ref`s become the referenced schema itself (shared in memory), merged with any sibling keys.
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((v) => resolve(v));
    if (!value || typeof value !== 'object') return value;
    const { $ref, ...rest } = value as JsonSchema;
    const own = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, k === 'properties' ? resolveProperties(v) : resolve(v)]));
    if (typeof $ref === 'string') {
      const target = def($ref.replace('#/$defs/', ''));
      return Object.keys(own).length === 0 ? target : { ...target, ...own };
    }
    if (own.type === 'number') own.type = 'integer';
    return own;
  };
  // Numbers are integers unless the overlay names the parameter as a decimal.
  const resolveProperties = (props: unknown): unknown =>
    Object.fromEntries(
      Object.entries(props as Record<string, unknown>).map(([name, p]) => {
        const schema = resolve(p) as JsonSchema;
        return [name, DECIMAL_PARAMETERS.has(name) && schema.type === 'integer' ? { ...schema, type: 'number' } : schema];
      }),
    );
  const objects = new Map<string, StripeObjectDescription>();
  for (const [path, o] of Object.entries(raw.objects)) {
    const requests: Record<string, JsonSchema> = {};
    for (const [method, schema] of Object.entries(o.requests)) requests[method] = withOverlay(resolve(schema) as JsonSchema, path, method);
    objects.set(path, { ...o, requests });
  }
  return { generatedFrom: raw.generatedFrom, objects };
}

function withOverlay(schema: JsonSchema, object: string, method: string): JsonSchema {
  const overlay = Object.entries(overlayFor(object, method));
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (overlay.length === 0 || !properties) return schema;
  const next = { ...properties };
  for (const [name, constraint] of overlay) {
    const p = next[name];
    if (p) next[name] = { ...p, ...constraint };
  }
  return { ...schema, properties: next };
}

/** The SDK method that sends a request (`DELETE /v1/subscriptions/{}` → `cancel`), if any. */
export function methodAt(object: StripeObjectDescription, endpoint: string): string | undefined {
  return Object.keys(object.endpoints).find((m) => object.endpoints[m] === endpoint);
}

/*
 * examples.json: Stripe's own example object for each top-level API resource, copied unchanged from
 * fixtures3.json in Stripe's public OpenAPI repository (commit f6c2a48f, 2026-08-21).
 * Copyright (c) Stripe, Inc.; MIT licence in LICENSE beside this file.
 * The sandbox builds its objects in these shapes; the catalog derives response schemas from them.
 */
export type StripeExamples = typeof import('./examples.json');
export type ExampleObjectName = keyof StripeExamples;

let examples: StripeExamples | undefined;

/** Read on first use, like the description: 100 KiB an agent starting or running jobs never needs. */
export function stripeExamples(): StripeExamples {
  examples ??= JSON.parse(readFileSync(new URL('./examples.json', import.meta.url), 'utf8')) as StripeExamples;
  return examples;
}
