import type { CatalogObject } from '../catalog.js';
import { classify } from '../errors.js';
import type { DeleteInput } from '../inputs.js';
import type { Session } from '../session.js';

/**
 * Stripe takes no idempotency key on DELETE. When a request was sent before (a retry of ours, or
 * the SDK's own silent one after a closed connection), a 404 means an earlier attempt deleted the
 * object and its answer was lost: that is answered as the deletion it was.
 */
export function remove(session: Session, entry: CatalogObject, input: DeleteInput): Promise<Record<string, unknown>> {
  let sent = 0;
  const resource = session.resource(entry, session.countingClient(() => sent++));
  return session.request('other', async () => {
    try {
      return await resource.del(input.id);
    } catch (e) {
      if (sent > 1 && classify(e).code === 'not_found') return { id: input.id, object: entry.objectType, deleted: true };
      throw e;
    }
  });
}
