import { describe, expect, it } from 'vitest';
import { PullCredit } from '../src/agent/credit.js';
import { createLogger } from '../src/logging/logger.js';

describe('pull credit', () => {
  it('asks once for the slots of every job that ended in one turn of the event loop', async () => {
    let running = 4;
    const polls: number[] = [];
    const credit = new PullCredit(4, { here: () => running, accepting: () => true, prefetchable: () => false, poll: (slots) => polls.push(slots) > 0 }, createLogger('test', 'silent'));
    for (let i = 0; i < 3; i++) {
      running--;
      credit.soon();
    }
    expect(polls).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(polls).toEqual([3]);
    expect(credit.outstanding).toBe(3);
    credit.soon();
    await new Promise((resolve) => setImmediate(resolve));
    expect(polls).toEqual([3]);
  });

  it('asks for its free slots and, when allowed and a job would soon start, for jobs ahead, keeping both counts apart', () => {
    let here = 0;
    let prefetchable = true;
    const polls: Array<[number, boolean]> = [];
    const credit = new PullCredit(2, { here: () => here, accepting: () => true, prefetchable: () => prefetchable, poll: (slots, prefetch) => polls.push([slots, prefetch]) > 0 }, createLogger('test', 'silent'));
    // A control plane older than 1.3 allows no prefetch.
    credit.poll();
    expect(polls).toEqual([[2, false]]);
    credit.allowPrefetch(1);
    credit.poll();
    expect(polls).toEqual([[2, false], [1, true]]);
    expect(credit.outstanding).toBe(3);
    // Three jobs came: two run, one waits for a slot. Nothing more is asked.
    credit.received(false);
    credit.received(false);
    credit.received(true);
    here = 3;
    credit.poll();
    expect(polls).toHaveLength(2);
    // One ended and the waiting one took its slot: one ahead again, and no free slot to ask for.
    here = 2;
    credit.poll();
    expect(polls.slice(2)).toEqual([[1, true]]);
    // Both ended before the job ahead came: the free slots are asked for, the job ahead is still on its way.
    here = 0;
    credit.poll();
    expect(polls.slice(3)).toEqual([[2, false]]);
    expect(credit.outstanding).toBe(3);
    // Every slot on longer work: nothing is fetched ahead.
    credit.reset();
    here = 2;
    prefetchable = false;
    credit.poll();
    expect(polls).toHaveLength(4);
  });
});
