import { describe, expect, it } from 'vitest';
import { PullCredit } from '../src/agent/credit.js';
import { createLogger } from '../src/logging/logger.js';

describe('pull credit', () => {
  it('asks once for the slots of every job that ended in one turn of the event loop', async () => {
    let running = 4;
    const polls: number[] = [];
    const credit = new PullCredit(4, { running: () => running, accepting: () => true, poll: (slots) => polls.push(slots) > 0 }, createLogger('test', 'silent'));
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
});
