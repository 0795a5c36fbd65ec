import type { RunLog } from '../../protocol/operations.js';
import type { StoredResult } from '../outbox.js';

/** How an operation run ended, as its metrics count it. Apart from the runner, which loads with the first run. */
export type RunOutcome = 'succeeded' | 'succeeded_with_errors' | 'failed' | 'cancelled';

/** The outcome of a run's result: a success that listed failed records is one with errors. */
export function runOutcome(result: StoredResult): RunOutcome {
  if (result.error?.code === 'cancelled') return 'cancelled';
  if (result.status !== 'succeeded') return 'failed';
  return ((result.result as Partial<RunLog> | undefined)?.failedRecords ?? 0) > 0 ? 'succeeded_with_errors' : 'succeeded';
}
