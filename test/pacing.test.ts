import { afterEach, describe, expect, it, vi } from 'vitest';
import { Pacer, WHOLE_LIMIT, type BudgetKey, type Clock, type RateBudget } from '../src/connectors/stripe/pacing.js';

/** The fake timers' clock: vitest fakes setTimeout, not node:timers/promises. */
const fake: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

const key: BudgetKey = { fingerprint: 'f00d', bucket: 'requests', limit: 2 };

/** When each of `count` requests taken one after another leaves, on a fake clock starting at 0. */
async function departures(pacer: Pacer, count: number, during: (at: number) => void = () => {}, of: BudgetKey = key): Promise<number[]> {
  const times: number[] = [];
  const run = (async () => {
    for (let i = 0; i < count; i++) {
      await pacer.take([of]);
      times.push(Date.now());
      during(Date.now());
    }
  })();
  await vi.advanceTimersByTimeAsync(5_000);
  await run;
  return times;
}

describe('the pacer', () => {
  afterEach(() => vi.useRealTimers());

  it('spaces requests evenly, catching up half a spacing, and never sends a second’s count within a window a little over a second', async () => {
    vi.useFakeTimers({ now: 0 });
    expect(await departures(new Pacer(WHOLE_LIMIT, fake), 3)).toEqual([0, 250, 1040]);
  });

  it('widens the window after a 429, since requests then arrive less evenly than they leave', async () => {
    vi.useFakeTimers({ now: 0 });
    const pacer = new Pacer(WHOLE_LIMIT, fake);
    const times = await departures(pacer, 3, (at) => at === 0 && pacer.throttled([key]));
    expect(times[2]).toBeGreaterThanOrEqual(1120);
    expect(times[2]).toBeLessThanOrEqual(1140);
  });

  it('follows its budget’s rate as it changes, also for a request already waiting', async () => {
    vi.useFakeTimers({ now: 0 });
    let rate = 0.5;
    const budget: RateBudget = { rate: () => rate };
    const pacer = new Pacer(budget, fake);
    setTimeout(() => (rate = 10), 300);
    // At 0.5 a second the second request would wait two seconds; the larger rate lets it go soon after it came.
    const times = await departures(pacer, 3);
    expect(times[0]).toBe(0);
    expect(times[1]).toBeLessThanOrEqual(400);
    expect(times[2]! - times[1]!).toBeLessThanOrEqual(100);
  });

  it('keeps up with a limit raised past what a timer can space: a thousand requests at 100,000 a second leave within 20 ms, their slots spanning 10', async () => {
    vi.useFakeTimers({ now: 0 });
    const times = await departures(new Pacer(WHOLE_LIMIT, fake), 1000, () => {}, { ...key, limit: 100_000 });
    // Before, each request that found its slot a hundredth of a millisecond away waited a whole
    // millisecond for a timer: the key went no faster than a thousand a second.
    expect(times.at(-1)).toBeLessThanOrEqual(20);
  });
});

