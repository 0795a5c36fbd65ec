import type { Param, Schema } from '../connectors/stripe/reference/params.js';
import { errors } from './errors.js';

/*
 * Checks parameters the way Stripe checks them: form values arrive as strings and are coerced
 * here; an unknown, missing or mistyped parameter is Stripe's 400 naming it. An empty string
 * unsets an optional parameter (the result holds `null`).
 */
export type { Param, Schema };
export type Params = Record<string, unknown>;

const MAX_STRING = 5000;
const MAX_METADATA_KEYS = 50;

/** Parameters every endpoint takes. */
const COMMON: Schema = { expand: { type: 'array', items: { type: 'string' } } };

export function validate(schema: Schema, input: Params): Params {
  return validateObject({ ...COMMON, ...schema }, input, '');
}

function validateObject(schema: Schema, input: Params, prefix: string): Params {
  const out: Params = {};
  for (const key of Object.keys(input)) {
    if (!(key in schema)) throw errors.unknownParam(join(prefix, key));
  }
  for (const [key, param] of Object.entries(schema)) {
    const name = join(prefix, key);
    const raw = input[key];
    if (raw === undefined) {
      if ('required' in param && param.required) throw errors.missingParam(name);
      continue;
    }
    out[key] = validateValue(param, raw, name);
  }
  return out;
}

function validateValue(param: Param, raw: unknown, name: string): unknown {
  if (raw === '') {
    if (param.type === 'metadata') return null;
    if ('required' in param && param.required) {
      throw errors.invalid(
        `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset. You should remove '${name}' from your request or supply a non-empty value.`,
        name,
        'parameter_invalid_empty',
      );
    }
    return null;
  }
  switch (param.type) {
    case 'string': {
      const s = scalar(raw, name);
      const max = param.maxLength ?? MAX_STRING;
      if (s.length > max) throw errors.invalid(`Invalid string: ${s.slice(0, 20)}...; must be at most ${max} characters`, name, 'string_too_long');
      return s;
    }
    case 'integer':
    case 'decimal': {
      const s = scalar(raw, name);
      const pattern = param.type === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
      if (!pattern.test(s)) {
        const what = param.type === 'integer' ? 'integer' : 'decimal';
        throw errors.invalid(`Invalid ${what}: ${s}`, name, `parameter_invalid_${what}`);
      }
      const n = Number(s);
      if (param.min !== undefined && n < param.min) throw errors.invalid(`Invalid ${name}: must be at least ${param.min}`, name);
      if (param.max !== undefined && n > param.max) throw errors.invalid(`Invalid ${name}: must be at most ${param.max}`, name);
      return n;
    }
    case 'boolean': {
      const s = scalar(raw, name);
      if (s !== 'true' && s !== 'false') throw errors.invalid(`Invalid boolean: ${s}`, name);
      return s === 'true';
    }
    case 'enum': {
      const s = scalar(raw, name);
      if (!param.values.includes(s)) {
        throw errors.invalid(`Invalid ${name}: must be one of ${listWords(param.values)}`, name);
      }
      return s;
    }
    case 'metadata':
      return validateMetadata(raw, name);
    case 'object':
      if (!isRecord(raw)) throw errors.invalid(`Invalid object: ${name} takes fields, as in ${name}[field]=value`, name);
      return validateObject(param.properties, raw, name);
    case 'array': {
      const items = asArray(raw);
      if (!items) throw errors.invalid(`Invalid array: ${name} takes a list, as in ${name}[]=value or ${name}[0]=value`, name);
      return items.map((item, i) => validateValue(param.items, item, `${name}[${i}]`));
    }
  }
}

function validateMetadata(raw: unknown, name: string): Record<string, string | null> {
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
