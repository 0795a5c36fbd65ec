import { catalogObjects, lookup, type Activity, type CatalogObject } from './catalog.js';
import { ConnectorError } from './errors.js';
import { parseSearchQuery, SearchQueryError, type SearchableResource } from './search-query/index.js';

/** What each activity takes. Checked whole before any request is made. */
export interface SearchInput {
  object: string;
  query: string;
  /** Stop after this many records; all of them when absent. */
  maxResults?: number;
  /** Records per request, 1–100 (default 100). */
  pageSize?: number;
  expand?: string[];
}
export interface ReadInput {
  object: string;
  id?: string;
  expand?: string[];
}
export interface CreateInput {
  object: string;
  data: Record<string, unknown>;
  /** Sent to Stripe as Idempotency-Key: the same on every attempt, so a retry changes Stripe once. */
  idempotencyKey: string;
}
export interface UpdateInput extends CreateInput {
  id: string;
}
export interface DeleteInput {
  object: string;
  id: string;
}

export interface ActivityInputs {
  search: SearchInput;
  read: ReadInput;
  create: CreateInput;
  update: UpdateInput;
  delete: DeleteInput;
}

export const MAX_PAGE_SIZE = 100;

/** Checks an activity's input against the catalog and, for search, the query parser. */
export function checkInput<A extends Activity>(activity: A, raw: unknown): { entry: CatalogObject; input: ActivityInputs[A] } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(`the ${activity} input must be an object`);
  const input = raw as Record<string, unknown>;
  const entry = findObject(input.object);
  if (!entry.activities.includes(activity)) {
    const instead = activity === 'delete' && entry.deleteAlternative ? ` ${entry.deleteAlternative}` : '';
    throw new ConnectorError(
      'unsupported_activity',
      `${entry.object} does not support ${activity}; it supports ${entry.activities.join(', ')}.${instead}`,
    );
  }
  optionalStrings(input.expand, 'expand');
  switch (activity) {
    case 'search':
      checkSearch(entry, input);
      break;
    case 'read':
      if (!entry.singleton) requireId(input);
      break;
    case 'update':
      requireId(input);
      checkWrite(input);
      break;
    case 'create':
      checkWrite(input);
      break;
    case 'delete':
      requireId(input);
      break;
  }
  return { entry, input: input as unknown as ActivityInputs[A] };
}

export function findObject(object: unknown): CatalogObject {
  if (typeof object !== 'string' || !object) throw invalid('object is required, as in customers or payment_intents');
  const entry = lookup(object) ?? lookup(`${object}s`);
  if (entry) return entry;
  const near = [...catalogObjects().keys()].filter((k) => k.includes(object) || object.includes(k.replace(/s$/, '')));
  const hint = near.length > 0 ? ` Did you mean ${near.slice(0, 3).join(', ')}?` : '';
  throw new ConnectorError('unknown_object', `Stripe has no object '${object}' in this connector's catalog.${hint} See stripe-agent catalog.`);
}

function checkSearch(entry: CatalogObject, input: Record<string, unknown>): void {
  if (typeof input.query !== 'string') throw invalid("query is required: a Search Query Language string such as email:'jenny@example.com'");
  try {
    parseSearchQuery(input.query, entry.object as SearchableResource);
  } catch (e) {
    if (e instanceof SearchQueryError) {
      throw new ConnectorError('invalid_query', `Invalid search query: ${e.message}.`, false, { offset: e.offset });
    }
    throw e;
  }
  positiveInteger(input.maxResults, 'maxResults');
  positiveInteger(input.pageSize, 'pageSize', MAX_PAGE_SIZE);
}

function checkWrite(input: Record<string, unknown>): void {
  if (!input.data || typeof input.data !== 'object' || Array.isArray(input.data)) {
    throw invalid('data is required: the fields to send, as a JSON object');
  }
  const key = input.idempotencyKey;
  if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
    throw invalid('idempotencyKey is required: 1–255 characters, the same on every attempt of one job');
  }
}

function requireId(input: Record<string, unknown>): void {
  if (typeof input.id !== 'string' || input.id.trim() === '') throw invalid(`id is required: the Stripe id of the ${String(input.object)} object`);
  if (/[/?#]/.test(input.id)) throw invalid(`id '${input.id}' is not a Stripe id`);
}

function positiveInteger(value: unknown, name: string, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalid(`${name} must be a whole number from 1 to ${max === Number.MAX_SAFE_INTEGER ? 'any size' : max}`);
  }
}

function optionalStrings(value: unknown, name: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v)) {
    throw invalid(`${name} must be a list of field paths, as in ["customer"]`);
  }
}

function invalid(message: string): ConnectorError {
  return new ConnectorError('invalid_input', `Invalid input: ${message}.`);
}
