import type { Logger } from '../../logging/logger.js';
import type { RunEnds } from '../operations/run-ends.js';
import type { Operations } from '../operations/operations.js';
import type { Runs } from '../operations/runs.js';
import type { Samples } from '../operations/samples.js';
import type { JobQueue } from '../queue/jobs.js';
import { FireLoop } from './fire-loop.js';
import { RetentionLoop } from './retention-loop.js';
import { TimeoutLoop } from './timeout-loop.js';

export interface SchedulerOptions {
  /** Now, in ms; tests pass a fixed clock and call tick(). */
  clock: () => number;
  runRetentionDays: number;
  /** How often schedules are looked at; a fire time starts at most this late. */
  fireEveryMs?: number;
}

export type SchedulerState = 'STOPPED' | 'RUNNING';

const TIMEOUT_EVERY_MS = 1000;
const RETENTION_EVERY_MS = 3_600_000;

/** The control plane's timed work, one loop each: schedules, run timeouts, run retention. */
export class Scheduler {
  private readonly fire: FireLoop;
  private readonly timeouts: TimeoutLoop;
  private readonly retention: RetentionLoop;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    deps: { operations: Operations; runs: Runs; samples: Samples; queue: JobQueue; ends: RunEnds; log: Logger },
    private readonly options: SchedulerOptions,
  ) {
    const { operations, runs, samples, queue, ends } = deps;
    const log = deps.log.child({ component: 'scheduler' });
    this.fire = new FireLoop(
      {
        scheduled: () => operations.scheduled(),
        busy: (id) => runs.busy(id),
        startOnce: (id, trigger, links, now) => runs.startOnce(id, trigger, links, now),
        skip: (id, at, reason, now) => runs.skip(id, at, reason, now),
      },
      log,
    );
    this.timeouts = new TimeoutLoop(
      { overdue: (now) => runs.overdue(now), timeOut: (id, now) => runs.timeOut(id, now), job: (id) => queue.get(id), ended: (job) => ends.ended(job) },
      log,
    );
    this.retention = new RetentionLoop((before) => runs.prune(before), options.runRetentionDays, log, (before) => samples.prune(before));
  }

  getStatus(): { state: SchedulerState } {
    return { state: this.timers.length > 0 ? 'RUNNING' : 'STOPPED' };
  }

  start(): void {
    if (this.timers.length > 0) return;
    this.tick();
    const every = (loop: { tick(now: number): void }, ms: number) => {
      const timer = setInterval(() => loop.tick(this.options.clock()), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.fire, this.options.fireEveryMs ?? 250);
    every(this.timeouts, TIMEOUT_EVERY_MS);
    every(this.retention, RETENTION_EVERY_MS);
  }

  /** Every loop once, at the clock's now. */
  tick(): void {
    const now = this.options.clock();
    this.retention.tick(now);
    this.fire.tick(now);
    this.timeouts.tick(now);
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }
}
