import type { Logger } from '../../logging/logger.js';
import type { ScheduledOperation } from '../operations/operations.js';
import type { RunLinks } from '../operations/runs.js';
import type { RunView, Trigger } from '../views.js';
import { FireTimes } from './cron.js';

export const OVERLAP_MESSAGE = 'previous run still running';
/** A fire time found later than this (the process was stalled, or the clock jumped) is missed, not run late. */
export const MISSED_AFTER_MS = 60_000;

/** What the fire loop needs of the operations and runs. */
export interface FireTarget {
  scheduled(): ScheduledOperation[];
  busy(operationId: string): boolean;
  startOnce(operationId: string, trigger: Trigger, links: RunLinks, now: number): RunView | undefined;
  skip(operationId: string, scheduledFor: number, reason: string, now: number): RunView | undefined;
}

interface Cursor {
  /** The schedule as it was read: a change starts it afresh. */
  key: string;
  times: FireTimes;
  /** Fire times up to here have been handled. */
  after: number;
}

/**
 * Fires schedules: on each tick, an operation's latest fire time since the last tick becomes a run
 * (or a skipped run while its previous run is still queued or running). The store's unique key on
 * (operation, fire time) is what makes a fire time run once; this loop only proposes.
 *
 * Fire times that passed while the control plane was down are not run late: on the first tick the
 * cursor starts at now, except that `catchUp` looks back to when the schedule was set and so runs
 * the most recent missed fire time (once: if it already has a run, the key refuses another).
 */
export class FireLoop {
  private readonly cursors = new Map<string, Cursor>();
  private first = true;

  constructor(
    private readonly target: FireTarget,
    private readonly log: Logger,
  ) {}

  tick(now: number): void {
    const present = new Set<string>();
    for (const op of this.target.scheduled()) {
      present.add(op.id);
      if (!op.schedule.enabled) {
        this.cursors.delete(op.id);
        continue;
      }
      const key = JSON.stringify(op.schedule);
      let cursor = this.cursors.get(op.id);
      if (!cursor || cursor.key !== key) {
        const catchUp = !cursor && this.first && op.schedule.catchUp;
        cursor = { key, times: new FireTimes(op.schedule), after: catchUp ? op.setAt : now };
        this.cursors.set(op.id, cursor);
        const missed = catchUp && cursor.times.latestIn(cursor.after, now);
        cursor.after = now;
        if (missed) this.fire(op.id, missed.getTime(), now);
        continue;
      }
      const due = cursor.times.latestIn(cursor.after, now);
      cursor.after = Math.max(cursor.after, now);
      if (!due) continue;
      if (now - due.getTime() > MISSED_AFTER_MS) {
        this.log.warn({ operation: op.id, scheduledFor: due.toISOString() }, 'fire time missed: found too late to run');
      } else {
        this.fire(op.id, due.getTime(), now);
      }
    }
    for (const id of this.cursors.keys()) if (!present.has(id)) this.cursors.delete(id);
    this.first = false;
  }

  private fire(operationId: string, scheduledFor: number, now: number): void {
    try {
      if (this.target.busy(operationId)) {
        const skipped = this.target.skip(operationId, scheduledFor, OVERLAP_MESSAGE, now);
        if (skipped) this.log.warn({ operation: operationId, run: skipped.id, scheduledFor: new Date(scheduledFor).toISOString() }, 'scheduled run skipped: previous run still running');
        return;
      }
      const run = this.target.startOnce(operationId, 'schedule', { scheduledFor }, now);
      if (run) this.log.info({ operation: operationId, run: run.id, scheduledFor: run.scheduledFor }, 'scheduled run started');
    } catch (e) {
      this.log.warn({ operation: operationId, scheduledFor: new Date(scheduledFor).toISOString(), err: (e as Error).message }, 'scheduled run could not start');
    }
  }
}
