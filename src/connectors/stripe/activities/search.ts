import type { CatalogObject } from '../catalog.js';
import { MAX_PAGE_SIZE, type SearchInput } from '../inputs.js';
import { throwIfCancelled } from '../retry.js';
import type { Session } from '../session.js';

type StripeRecord = Record<string, unknown>;

/**
 * Follows `next_page` until `maxResults` or the end, yielding records as they come: one page is
 * in memory at a time, whatever the size of the result.
 */
export async function* search(session: Session, entry: CatalogObject, input: SearchInput): AsyncGenerator<StripeRecord> {
  const resource = session.resource(entry);
  let remaining = input.maxResults ?? Number.POSITIVE_INFINITY;
  let page: string | undefined;
  while (remaining > 0) {
    throwIfCancelled(session.signal);
    const params: Record<string, unknown> = { query: input.query, limit: Math.min(input.pageSize ?? MAX_PAGE_SIZE, remaining) };
    if (page) params.page = page;
    if (input.expand) params.expand = input.expand.map((path) => `data.${path}`);
    const result = await session.request('search', () => resource.search(params));
    const data = result.data as StripeRecord[];
    for (const record of data.slice(0, remaining)) yield record;
    remaining -= data.length;
    if (!result.has_more || typeof result.next_page !== 'string') return;
    page = result.next_page;
  }
}
