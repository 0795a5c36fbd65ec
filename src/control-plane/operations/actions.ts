import type { OperationOptions } from '../../protocol/operations.js';

type ActionField = 'onSuccess' | 'onFailure';

/**
 * The first chain of actions from `start` (with its options as about to be saved) that comes back
 * to it, as the operation ids along the way; undefined when there is none. Either action may be
 * taken at each step, so any path back is a loop.
 */
export function actionLoop(
  start: string,
  options: OperationOptions,
  optionsOf: (operationId: string) => OperationOptions | undefined,
): { field: ActionField; path: string[] } | undefined {
  for (const field of ['onSuccess', 'onFailure'] as const) {
    const first = options[field];
    if (first === undefined) continue;
    const seen = new Set<string>();
    const walk = (id: string, path: string[]): string[] | undefined => {
      if (id === start) return [...path, id];
      if (seen.has(id)) return undefined;
      seen.add(id);
      const next = optionsOf(id);
      for (const to of [next?.onSuccess, next?.onFailure]) {
        const found = to === undefined ? undefined : walk(to, [...path, id]);
        if (found) return found;
      }
      return undefined;
    };
    const path = walk(first, [start]);
    if (path) return { field, path };
  }
  return undefined;
}

/**
 * The operation an ended run starts next, if any. A run with failed records succeeded unless the
 * operation says `failOnRecordErrors`; a cancelled run starts nothing.
 */
export function actionAfter(ended: { status: string }, options: OperationOptions): string | undefined {
  if (ended.status === 'succeeded') return options.onSuccess;
  if (ended.status === 'succeeded_with_errors') return options.failOnRecordErrors ? options.onFailure : options.onSuccess;
  if (ended.status === 'failed') return options.onFailure;
  return undefined;
}
