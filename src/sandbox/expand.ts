import { errors } from './errors.js';
import { RESOURCE_BY_ID_PREFIX } from './resources/index.js';
import type { Ctx } from './resources/resource.js';

const MAX_DEPTH = 4;

/**
 * Replaces the ids at each `expand[]` path with the objects they name, as Stripe does:
 * `customer` on a charge, `data.customer` on a list, `items.data.price` through arrays.
 */
export function expand(body: Record<string, unknown>, paths: readonly string[], ctx: Ctx): void {
  for (const path of paths) {
    if (path === 'total_count' && body.object === 'search_result') continue;
    const parts = path.split('.');
    if (parts.length > MAX_DEPTH) {
      throw errors.invalid(`You cannot expand more than ${MAX_DEPTH} levels of a property (${path}).`, 'expand');
    }
    expandAt(body, parts, path, ctx);
  }
}

function expandAt(node: unknown, parts: string[], path: string, ctx: Ctx): void {
  if (Array.isArray(node)) {
    for (const item of node) expandAt(item, parts, path, ctx);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const [head, ...rest] = parts as [string, ...string[]];
  if (!(head in record)) throw notExpandable(path);
  if (rest.length > 0) {
    expandAt(record[head], rest, path, ctx);
    return;
  }
  const value = record[head];
  if (value === null || typeof value === 'object') return;
  if (typeof value !== 'string') throw notExpandable(path);
  const spec = RESOURCE_BY_ID_PREFIX.get(value.split('_')[0] ?? '');
  if (!spec) throw notExpandable(path);
  record[head] = ctx.store.get(ctx.account, value)?.object ?? value;
}

function notExpandable(path: string) {
  return errors.invalid(`This property cannot be expanded (${path}).`, 'expand');
}
