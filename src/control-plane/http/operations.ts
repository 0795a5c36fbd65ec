import { compileMapping, MappingError } from '../../mapping/jsonata.js';
import type { Activities } from '../operations/activities.js';
import { Refusal } from '../refusal.js';
import type { Operations } from '../operations/operations.js';
import { TRIGGERS, type Runs } from '../operations/runs.js';
import type { Samples } from '../operations/samples.js';
import type { Trigger } from '../views.js';
import { object, type Route } from './router.js';

const MAX_PAGE = 1000;
const MAX_PREVIEW_RECORDS = 100;

/** Activities, operations, runs and the mapping preview (docs/api.md, "Operations"). */
export function operationRoutes(deps: { activities: Activities; operations: Operations; runs: Runs; samples: Samples }): Route[] {
  const { activities, operations, runs, samples } = deps;
  return [
    ['POST', /^\/api\/v1\/activities$/, ({ body }) => ({ status: 201, body: activities.create(body) })],
    ['GET', /^\/api\/v1\/activities$/, () => ({ status: 200, body: activities.list() })],
    ['GET', /^\/api\/v1\/activities\/([^/]+)$/, ({ params }) => ({ status: 200, body: activities.get(params[0]!) })],
    [
      'PUT',
      /^\/api\/v1\/activities\/([^/]+)$/,
      ({ params, body }) => ({ status: 200, body: activities.update(params[0]!, body, (d) => operations.checkReplacement(params[0]!, d)) }),
    ],
    [
      'DELETE',
      /^\/api\/v1\/activities\/([^/]+)$/,
      ({ params }) => {
        const activity = activities.get(params[0]!);
        const users = operations.using(activity.id);
        if (users.length > 0) {
          throw new Refusal('conflict', 'in_use', `'${activity.name}' is used by the operation(s) ${users.map((o) => `'${o.name}'`).join(', ')}; change or delete them first.`, {
            operations: users.map((o) => o.id),
          });
        }
        activities.remove(activity.id);
        return { status: 204, body: null };
      },
    ],
    ['POST', /^\/api\/v1\/activities\/([^/]+)\/samples$/, ({ params, body }) => ({ status: 202, body: samples.start(params[0]!, body) })],
    ['POST', /^\/api\/v1\/operations$/, ({ body }) => ({ status: 201, body: operations.create(body) })],
    ['GET', /^\/api\/v1\/operations$/, () => ({ status: 200, body: operations.list() })],
    ['GET', /^\/api\/v1\/operations\/([^/]+)$/, ({ params }) => ({ status: 200, body: operations.get(params[0]!) })],
    ['PUT', /^\/api\/v1\/operations\/([^/]+)$/, ({ params, body }) => ({ status: 200, body: operations.update(params[0]!, body) })],
    [
      'DELETE',
      /^\/api\/v1\/operations\/([^/]+)$/,
      ({ params }) => {
        operations.remove(params[0]!);
        return { status: 204, body: null };
      },
    ],
    [
      'POST',
      /^\/api\/v1\/operations\/([^/]+)\/runs$/,
      ({ params, body }) => {
        const trigger = (body === undefined ? {} : object(body)).trigger ?? 'api';
        if (!TRIGGERS.includes(trigger as Trigger)) throw Refusal.invalid('trigger', `trigger must be one of ${TRIGGERS.join(', ')}.`);
        const run = runs.start(params[0]!, trigger as Trigger);
        return { status: 202, body: { id: run.id } };
      },
    ],
    [
      'GET',
      /^\/api\/v1\/runs$/,
      ({ query }) => {
        const limit = integer(query, 'limit', 50, 500);
        return { status: 200, body: runs.list(query.get('operationId') ?? undefined, limit) };
      },
    ],
    ['GET', /^\/api\/v1\/runs\/([^/]+)$/, ({ params }) => ({ status: 200, body: runs.get(params[0]!) })],
    [
      'GET',
      /^\/api\/v1\/runs\/([^/]+)\/errors$/,
      ({ params, query }) => {
        const page = runs.errors(params[0]!, integer(query, 'after', 0, Number.MAX_SAFE_INTEGER, 0), integer(query, 'limit', MAX_PAGE, MAX_PAGE));
        return { status: 200, body: { errors: page.errors, next: cursor(page.next) } };
      },
    ],
    [
      'GET',
      /^\/api\/v1\/runs\/([^/]+)\/records$/,
      ({ params, query }) => {
        const page = runs.records(params[0]!, integer(query, 'after', 0, Number.MAX_SAFE_INTEGER, 0), integer(query, 'limit', MAX_PAGE, MAX_PAGE));
        return { status: 200, body: { records: page.records, next: cursor(page.next) } };
      },
    ],
    ['POST', /^\/api\/v1\/runs\/([^/]+)\/cancel$/, ({ params }) => ({ status: 200, body: runs.cancel(params[0]!) })],
    ['POST', /^\/api\/v1\/mappings\/preview$/, ({ body }) => preview(body)],
    ['POST', /^\/api\/v1\/schedules\/preview$/, ({ body }) => ({ status: 200, body: operations.previewSchedule(body) })],
  ];
}

/** The mapping applied to sample records: each record's result (null when the mapping skips it). */
async function preview(body: unknown) {
  const { expression, records } = object(body);
  if (typeof expression !== 'string' || expression.trim() === '') throw Refusal.invalid('expression', 'expression is required: a JSONata expression.');
  if (!Array.isArray(records) || records.length > MAX_PREVIEW_RECORDS || !records.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
    throw Refusal.invalid('records', `records must be a list of up to ${MAX_PREVIEW_RECORDS} JSON objects.`);
  }
  let mapping;
  try {
    mapping = compileMapping(expression);
  } catch (e) {
    throw asMappingError(e, 'invalid_mapping', {});
  }
  const results: unknown[] = [];
  for (const [index, record] of records.entries()) {
    try {
      results.push((await mapping.apply(record as Record<string, unknown>)) ?? null);
    } catch (e) {
      throw asMappingError(e, 'mapping_error', { index });
    }
  }
  return { status: 200, body: { results } };
}

function asMappingError(e: unknown, code: string, extra: Record<string, unknown>): Refusal {
  if (!(e instanceof MappingError)) throw e;
  return Refusal.invalid('expression', e.message, { ...extra, ...(e.position === undefined ? {} : { position: e.position }) }, code);
}

function integer(query: URLSearchParams, name: string, fallback: number, max: number, min = 1): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw Refusal.invalid(name, `${name} must be a whole number from ${min} to ${max}.`);
  return n;
}

function cursor(next: number | null): string | null {
  return next === null ? null : String(next);
}
