import type { Logger } from '../../logging/logger.js';
import type { Job } from '../queue/jobs.js';

/** What the timeout loop needs: which runs are overdue, ending one, and what follows a run's end. */
export interface TimeoutTarget {
  overdue(now: number): string[];
  timeOut(id: string, now: number): boolean;
  job(id: string): Job | undefined;
  ended(job: Job): void;
}

/**
 * Ends runs that ran past their operation's timeoutS: failed with code timeout, cancelled on their
 * agent (whose slot frees when it stops), then the operation's onFailure action.
 */
export class TimeoutLoop {
  constructor(
    private readonly target: TimeoutTarget,
    private readonly log: Logger,
  ) {}

  tick(now: number): void {
    for (const id of this.target.overdue(now)) {
      if (!this.target.timeOut(id, now)) continue;
      this.log.warn({ run: id }, 'run timed out; cancelled on its agent');
      const job = this.target.job(id);
      if (job) this.target.ended(job);
    }
  }
}
