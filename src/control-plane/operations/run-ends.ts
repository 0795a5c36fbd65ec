import type { Database, Statement } from 'better-sqlite3';
import type { Logger } from '../../logging/logger.js';
import { isSample, type ResolvedOperation } from '../../protocol/operations.js';
import type { EndedJob } from '../queue/jobs.js';
import { actionAfter } from './actions.js';
import type { Runs } from './runs.js';

/**
 * What happens when a run ends: the `log: "errors"` option trims a successful scheduled run's
 * per-record errors, and the operation's onSuccess/onFailure action starts its next run. Safe to
 * call again for the same run (a re-sent result): the trim is idempotent and the store keeps one
 * action run per parent run.
 */
export class RunEnds {
  private readonly trim: Statement<[string]>;

  constructor(
    db: Database,
    private readonly runs: Runs,
    private readonly log: Logger,
  ) {
    this.trim = db.prepare(`UPDATE jobs SET result = json_set(result, '$.errors', json('[]')) WHERE id = ? AND json_valid(result)`);
  }

  /** A job ended; nothing to do unless it is a run. The options are those the run started with. */
  ended(job: Pick<EndedJob, 'id' | 'activity' | 'input'>): void {
    const options = (job.input.operation as ResolvedOperation | undefined)?.options;
    if (job.activity !== 'operation' || !options || isSample(job.input)) return;
    try {
      const run = this.runs.get(job.id);
      const success = run.status === 'succeeded' || (run.status === 'succeeded_with_errors' && !options.failOnRecordErrors);
      if (success && run.trigger === 'schedule' && options.log === 'errors') this.trim.run(job.id);
      const next = actionAfter(run, options);
      if (next === undefined) return;
      const child = this.runs.startOnce(next, 'action', { parentRunId: run.id });
      if (child) this.log.info({ run: run.id, action: child.id, operation: next }, 'action started');
    } catch (e) {
      this.log.warn({ run: job.id, err: (e as Error).message }, 'action after a run could not start');
    }
  }
}
