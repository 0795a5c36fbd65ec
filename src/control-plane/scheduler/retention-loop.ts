import type { Logger } from '../../logging/logger.js';

const DAY_MS = 86_400_000;
/** A sample's records were wanted for a preview, at once: they are not kept longer than this. */
const SAMPLE_KEEP_MS = 3_600_000;

/**
 * Prunes runs that ended more than the retention period ago, with their records and errors, and
 * samples that ended more than an hour ago, with their records.
 */
export class RetentionLoop {
  constructor(
    private readonly prune: (before: number) => number,
    private readonly retentionDays: number,
    private readonly log: Logger,
    private readonly pruneSamples: (before: number) => number,
  ) {}

  tick(now: number): void {
    const pruned = this.prune(now - this.retentionDays * DAY_MS);
    if (pruned > 0) this.log.info({ runs: pruned, retentionDays: this.retentionDays }, 'old runs pruned');
    const samples = this.pruneSamples(now - SAMPLE_KEEP_MS);
    if (samples > 0) this.log.info({ samples }, 'old samples pruned');
  }
}
