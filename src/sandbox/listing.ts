import { isSearchableResource, parseSearchQuery, SearchQueryError } from '../connectors/stripe/index.js';
import { errors } from './errors.js';
import { validate, type Params } from './params.js';
import { requestSchema, type Ctx, type ResourceSpec } from './resources/resource.js';
import { matches } from './search.js';
import type { StoredObject, StripeObject } from './store.js';

const DEFAULT_LIMIT = 10;
/** What list takes that is paging, not a filter. */
const PAGING = new Set(['limit', 'starting_after', 'ending_before', 'created', 'expand']);

export interface ListPage {
  object: 'list' | 'search_result';
  data: StripeObject[];
  has_more: boolean;
  url: string;
  next_page?: string | null;
  total_count?: number;
}

/** `GET /v1/<resource>`: newest first, cursor-paged by `starting_after` / `ending_before`. */
export function list(spec: ResourceSpec, raw: Params, ctx: Ctx): ListPage {
  const params = validate(requestSchema(spec, 'GET '), raw);
  const { limit: n = DEFAULT_LIMIT, starting_after, ending_before } = params;
  // `created` is either a timestamp or a range.
  const created = typeof params.created === 'number' ? { gte: params.created, lte: params.created } : (params.created as Params | undefined);
  // Filters on fields the objects have compare by equality; others (nested ones) are taken and not applied.
  const filters = Object.fromEntries(Object.entries(params).filter(([k, v]) => !PAGING.has(k) && (typeof v !== 'object' || Array.isArray(v))));
  if (starting_after && ending_before) {
    throw errors.invalid('You may only specify one of these parameters: ending_before, starting_after.', 'ending_before');
  }
  const wanted = (o: StripeObject) =>
    inRange(o.created as number, created) &&
    (spec.listMatch ? spec.listMatch(o, filters) : Object.entries(filters).every(([k, v]) => v === null || !(k in o) || o[k] === v));

  const size = n as number;
  let source: Iterable<StoredObject>;
  if (typeof ending_before === 'string') {
    source = ctx.store.oldestFirst(ctx.account, spec.path, cursorSeq(spec, ending_before, 'ending_before', ctx));
  } else {
    const before = typeof starting_after === 'string' ? cursorSeq(spec, starting_after, 'starting_after', ctx) : undefined;
    source = ctx.store.newestFirst(ctx.account, spec.path, before);
  }
  const { data, hasMore } = take(source, wanted, size);
  if (typeof ending_before === 'string') data.reverse();
  return { object: 'list', data, has_more: hasMore, url: `/v1/${spec.path}` };
}

/** `GET /v1/<resource>/search`: the query parsed by the connector's parser, evaluated here. */
export function search(spec: ResourceSpec, raw: Params, ctx: Ctx): ListPage {
  if (!isSearchableResource(spec.path)) throw errors.unrecognizedUrl('GET', `/v1/${spec.path}/search`);
  const params = validate(requestSchema(spec, 'GET /search'), raw);
  let query;
  try {
    query = parseSearchQuery(params.query as string, spec.path);
  } catch (e) {
    if (e instanceof SearchQueryError) throw errors.invalid(`Invalid search query: ${e.message}.`, 'query');
    throw e;
  }
  const before = typeof params.page === 'string' ? decodePage(params.page) : undefined;
  const wanted = (o: StripeObject) => matches(query, o);
  const { data, hasMore, lastSeq } = take(ctx.store.newestFirst(ctx.account, spec.path, before), wanted, (params.limit as number | undefined) ?? DEFAULT_LIMIT);
  const page: ListPage = {
    object: 'search_result',
    data,
    has_more: hasMore,
    next_page: hasMore ? encodePage(lastSeq) : null,
    url: `/v1/${spec.path}/search`,
  };
  if ((params.expand as string[] | undefined)?.includes('total_count')) {
    let count = 0;
    for (const { object } of ctx.store.newestFirst(ctx.account, spec.path)) if (wanted(object)) count++;
    page.total_count = count;
  }
  return page;
}

function take(source: Iterable<StoredObject>, wanted: (o: StripeObject) => boolean, size: number) {
  const data: StripeObject[] = [];
  let lastSeq = 0;
  for (const { seq, object } of source) {
    if (!wanted(object)) continue;
    if (data.length === size) return { data, hasMore: true, lastSeq };
    data.push(object);
    lastSeq = seq;
  }
  return { data, hasMore: false, lastSeq };
}

function cursorSeq(spec: ResourceSpec, id: string, param: string, ctx: Ctx): number {
  const found = ctx.store.get(ctx.account, id);
  if (!found || found.resource !== spec.path) throw errors.noSuch(spec.object, id, param);
  return found.seq;
}

function inRange(created: number, range: Params | undefined): boolean {
  if (!range) return true;
  const { gt, gte, lt, lte } = range as Record<string, number | undefined>;
  return (
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte)
  );
}

/** Page tokens are opaque to clients, as Stripe's are; inside, the position to continue from. */
function encodePage(seq: number): string {
  return Buffer.from(`sandbox:${seq}`).toString('base64url');
}

function decodePage(page: string): number {
  const m = /^sandbox:(\d+)$/.exec(Buffer.from(page, 'base64url').toString());
  if (!m) throw errors.invalid(`Invalid page: '${page}' is not a next_page value this sandbox returned.`, 'page');
  return Number(m[1]);
}
