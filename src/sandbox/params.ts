import type { JsonSchema } from '../stripe-api/index.js';
import { errors, StripeApiError } from './errors.js';

/*
 * Checks parameters the way Stripe checks them, against the JSON Schemas of the Stripe description
 * (generated from the SDK) or the sandbox's own small ones. Form values arrive as strings and are
 * coerced here; an unknown, missing or mistyped parameter is Stripe's 400 naming it. An empty string
 * unsets an optional parameter (the result holds `null`). Each schema is compiled once into a
 * checking function, kept beside the schema object (shared parts of the description compile once).
 */
export type { JsonSchema };
export type Params = Record<string, unknown>;

type Check = (raw: unknown, name: string) => unknown;

const MAX_STRING = 5000;
const MAX_METADATA_KEYS = 50;

/** Parameters every endpoint takes. */
const EXPAND: JsonSchema = { type: 'array', items: { type: 'string' } };

const compiled = new WeakMap<JsonSchema, Check>();
const requests = new WeakMap<JsonSchema, Check>();

/** Checks a request's parameters; `expand` is always allowed. */
export function validate(schema: JsonSchema, input: Params): Params {
  let check = requests.get(schema);
  if (!check) {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    check = compile({ additionalProperties: false, ...schema, type: 'object', properties: { expand: EXPAND, ...properties } }, undefined);
    requests.set(schema, check);
  }
  return check(input, '') as Params;
}

function compile(schema: JsonSchema, property: string | undefined): Check {
  const key = property === 'metadata' ? undefined : schema;
  const cached = key && compiled.get(key);
  if (cached) return cached;
  const check = emptyable(property === 'metadata' ? checkMetadata : build(schema));
  if (key) compiled.set(key, check);
  return check;
}

/** An empty string unsets an optional parameter (a required one is refused by its object). */
function emptyable(check: Check): Check {
  return (raw, name) => (raw === '' ? null : check(raw, name));
}

function build(schema: JsonSchema): Check {
  if (Array.isArray(schema.anyOf)) return anyOf(schema.anyOf as JsonSchema[]);
  switch (schema.type) {
    case 'string':
      return schema.format === 'decimal' ? numeric(schema, 'decimal') : string(schema);
    case 'integer':
      return numeric(schema, 'integer');
    case 'number':
      return numeric(schema, 'decimal');
    case 'boolean':
      return (raw, name) => {
        const s = scalar(raw, name);
        if (s !== 'true' && s !== 'false') throw errors.invalid(`Invalid boolean: ${s}`, name);
        return s === 'true';
      };
    case 'array':
      return array(schema);
    case 'object':
      return object(schema);
    default:
      return (raw) => raw;
  }
}

function string(schema: JsonSchema): Check {
  const values = schema.enum as string[] | undefined;
  const max = (schema.maxLength as number | undefined) ?? MAX_STRING;
  return (raw, name) => {
    const s = scalar(raw, name);
    if (values && !values.includes(s)) throw errors.invalid(`Invalid ${name}: must be one of ${listWords(values)}`, name);
    if (s.length > max) throw errors.invalid(`Invalid string: ${s.slice(0, 20)}...; must be at most ${max} characters`, name, 'string_too_long');
    return s;
  };
}

function numeric(schema: JsonSchema, what: 'integer' | 'decimal'): Check {
  const pattern = what === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
  const { minimum: min, maximum: max } = schema as { minimum?: number; maximum?: number };
  const asString = schema.type === 'string';
  return (raw, name) => {
    const s = scalar(raw, name);
    if (!pattern.test(s)) throw errors.invalid(`Invalid ${what}: ${s}`, name, `parameter_invalid_${what}`);
    const n = Number(s);
    if (min !== undefined && n < min) throw errors.invalid(`Invalid ${name}: must be at least ${min}`, name);
    if (max !== undefined && n > max) throw errors.invalid(`Invalid ${name}: must be at most ${max}`, name);
    return asString ? s : n;
  };
}

function array(schema: JsonSchema): Check {
  const item = compile((schema.items ?? {}) as JsonSchema, undefined);
  return (raw, name) => {
    const items = asArray(raw);
    if (!items) throw errors.invalid(`Invalid array: ${name} takes a list, as in ${name}[]=value or ${name}[0]=value`, name);
    return items.map((value, i) => item(value, `${name}[${i}]`));
  };
}

function object(schema: JsonSchema): Check {
  const properties = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([key, s]) => [key, compile(s, key)] as const);
  const known = new Set(properties.map(([key]) => key));
  const required = new Set((schema.required ?? []) as string[]);
  const extra = schema.additionalProperties;
  const rest = extra && typeof extra === 'object' ? compile(extra as JsonSchema, undefined) : extra === false ? undefined : (raw: unknown) => raw;
  return (raw, name) => {
    if (!isRecord(raw)) throw errors.invalid(`Invalid object: ${name || 'the request'} takes fields, as in ${name}[field]=value`, name);
    const out: Params = {};
    for (const key of Object.keys(raw)) {
      if (known.has(key)) continue;
      if (!rest) throw errors.unknownParam(join(name, key));
      out[key] = rest(raw[key], join(name, key));
    }
    for (const [key, check] of properties) {
      const value = raw[key];
      const param = join(name, key);
      if (value === undefined) {
        if (required.has(key)) throw errors.missingParam(param);
        continue;
      }
      if (value === '' && required.has(key)) {
        throw errors.invalid(
          `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
          param,
          'parameter_invalid_empty',
        );
      }
      out[key] = check(value, param);
    }
    return out;
  };
}

/** The first option that takes the value, trying those shaped like it first; else the first error. */
function anyOf(options: JsonSchema[]): Check {
  const checks = options.map((o) => ({ shape: o.type === 'object' ? 'object' : o.type === 'array' ? 'array' : 'scalar', check: compile(o, undefined) }));
  const inOrder = (shape: string) => [...checks].sort((a, b) => Number(b.shape === shape) - Number(a.shape === shape)).map((c) => c.check);
  const byShape: Record<string, Check[]> = { object: inOrder('object'), array: inOrder('array'), scalar: inOrder('scalar') };
  return (raw, name) => {
    let first: StripeApiError | undefined;
    for (const check of byShape[isRecord(raw) ? 'object' : Array.isArray(raw) ? 'array' : 'scalar']!) {
      try {
        return check(raw, name);
      } catch (e) {
        if (!(e instanceof StripeApiError)) throw e;
        first ??= e;
      }
    }
    throw first!;
  };
}

function checkMetadata(raw: unknown, name: string): Record<string, string | null> {
  if (!isRecord(raw)) throw errors.invalid(`Invalid object: ${name} takes keys, as in ${name}[order_id]=6735`, name);
  const entries = Object.entries(raw);
  if (entries.length > MAX_METADATA_KEYS) throw errors.invalid(`Invalid ${name}: at most ${MAX_METADATA_KEYS} keys`, name);
  const out: Record<string, string | null> = {};
  for (const [key, value] of entries) {
    if (key.length > 40) throw errors.invalid(`Metadata keys can have up to 40 characters; '${key}' has ${key.length}`, `${name}[${key}]`);
    const s = scalar(value, `${name}[${key}]`);
    if (s.length > 500) throw errors.invalid(`Metadata values can have up to 500 characters`, `${name}[${key}]`);
    out[key] = s === '' ? null : s;
  }
  return out;
}

/** Applies validated metadata to what an object had: `null` clears all, a `null` value drops a key. */
export function mergeMetadata(current: Record<string, string>, update: unknown): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(update as Record<string, string | null>)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

function scalar(raw: unknown, name: string): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw errors.invalid(`Invalid ${name}: expected a single value, not a list or a hash`, name);
}

/** qs gives `a[]=x` as an array and `a[0]=x` past its index limit as an object keyed by index. */
function asArray(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) return raw;
  if (isRecord(raw) && Object.keys(raw).every((k) => /^\d+$/.test(k))) {
    return Object.keys(raw)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => raw[k]);
  }
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}[${key}]` : key;
}

function listWords(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')}, or ${values.at(-1)}`;
}
