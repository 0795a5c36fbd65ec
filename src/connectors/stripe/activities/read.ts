import type { CatalogObject } from '../catalog.js';
import type { ReadInput } from '../inputs.js';
import type { Session } from '../session.js';

export function read(session: Session, entry: CatalogObject, input: ReadInput): Promise<Record<string, unknown>> {
  const resource = session.resource(entry);
  const params = input.expand ? { expand: input.expand } : {};
  return session.request('other', () => (entry.singleton ? resource.retrieve(params) : resource.retrieve(input.id, params)));
}
