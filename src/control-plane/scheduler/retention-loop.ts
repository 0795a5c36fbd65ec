import type { Logger } from '../../logging/logger.js';

const DAY_MS = 86_400_000;

/** Prunes runs that ended more than the retention period ago, with their records and errors. */
export class RetentionLoop {
  constructor(
    private readonly prune: (before: number) => number,
    private readonly retentionDays: number,
    private readonly log: Logger,
  ) {}

  tick(now: number): void {
    const pruned = this.prune(now - this.retentionDays * DAY_MS);
    if (pruned > 0) this.log.info({ runs: pruned, retentionDays: this.retentionDays }, 'old runs pruned');
  }
}
