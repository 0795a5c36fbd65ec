import type { CatalogObject } from '../catalog.js';
import type { CreateInput, UpdateInput } from '../inputs.js';
import type { Session } from '../session.js';

/** Create and update send the job's idempotency key on every attempt, so Stripe applies them once. */
export function create(session: Session, entry: CatalogObject, input: CreateInput): Promise<Record<string, unknown>> {
  const resource = session.resource(entry);
  return session.request('other', () => resource.create(input.data, { idempotencyKey: input.idempotencyKey }));
}

export function update(session: Session, entry: CatalogObject, input: UpdateInput): Promise<Record<string, unknown>> {
  const resource = session.resource(entry);
  return session.request('other', () => resource.update(input.id, input.data, { idempotencyKey: input.idempotencyKey }));
}
