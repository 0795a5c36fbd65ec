import { Cron } from 'croner';
import * as z from 'zod/mini';
import { text } from '../../protocol/zod.js';

/** An operation's schedule as saved: when it fires, in which zone, and whether it does at all. */
export const Schedule = z.strictObject({
  /** Five fields (minute first), or six with seconds first. */
  cron: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  /** An IANA time zone, as in Europe/Berlin. */
  timezone: z._default(text(1, 100), 'UTC'),
  enabled: z._default(z.boolean(), true),
  /** On start, run the most recent fire time missed while the control plane was down (once). */
  catchUp: z._default(z.boolean(), false),
});
export type Schedule = z.infer<typeof Schedule>;

/** Why a schedule is refused: which field, in words an operator can act on. */
export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The fire times of one schedule. Parsing and the arithmetic (zones, daylight saving) are croner's:
 * a time skipped by spring-forward fires at the first valid time after the gap when the schedule
 * names one time of day, and is skipped by an interval schedule; a time repeated in autumn fires
 * once for a fixed time of day, and on both passes for an interval (Vixie cron's rules).
 */
export class FireTimes {
  private readonly cron: Cron;

  constructor(readonly schedule: Schedule) {
    if (!validZone(schedule.timezone)) {
      throw new ScheduleError('schedule.timezone', `schedule.timezone '${schedule.timezone}' is not an IANA time zone; use a name such as UTC or Europe/Berlin.`);
    }
    try {
      this.cron = new Cron(schedule.cron, { timezone: schedule.timezone, paused: true, mode: '5-or-6-parts' });
    } catch (e) {
      throw new ScheduleError(
        'schedule.cron',
        `schedule.cron '${schedule.cron}' is not a cron expression: ${(e as Error).message.replace(/^CronPattern: /, '')}. Use five fields (minute hour day month weekday), or six with seconds first.`,
      );
    }
  }

  /** The next `count` fire times strictly after `after`. */
  next(count: number, after: number): Date[] {
    return this.cron.nextRuns(count, new Date(after));
  }

  /** The latest fire time in (after, upTo], or undefined when there is none. */
  latestIn(after: number, upTo: number): Date | undefined {
    // croner's reference is exclusive and whole-second: look from a second on, keep the first not past upTo.
    const latest = this.cron.previousRuns(2, new Date(upTo + 1000)).find((d) => d.getTime() <= upTo);
    return latest && latest.getTime() > after ? latest : undefined;
  }
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** ISO 8601 in the schedule's zone with its offset, as in 2026-03-29T03:00:00+02:00. */
export function isoInZone(date: Date, timezone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
