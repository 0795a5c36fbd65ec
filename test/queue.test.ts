import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { JobQueue } from '../src/control-plane/queue/jobs.js';
import { migrate } from '../src/db/migrate.js';

let queue: JobQueue;
let file: string;
const LEASE = 30_000;
const outcome = { status: 'succeeded' as const, result: { id: 'cus_1' }, connectorVersion: '1.0.0' };

beforeEach(() => {
  file = join(mkdtempSync(join(tmpdir(), 'queue-')), 'control-plane.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrate(db, 'control-plane');
  queue = new JobQueue(db);
});

function enqueue(n: number, group = 'default', t0 = 1_000) {
  return Array.from({ length: n }, (_, i) => queue.enqueue({ connectionId: 'conn_1', group, activity: 'read', object: 'customers', input: { id: `cus_${i}` } }, t0 + i));
}

describe('the job queue', () => {
  it('leases oldest first, never more than asked, only within the group', () => {
    const jobs = enqueue(3);
    enqueue(1, 'other');
    const leased = queue.lease('default', 'agent-a', 2, LEASE, 5_000);
    expect(leased.map((j) => j.id)).toEqual([jobs[0]!.id, jobs[1]!.id]);
    expect(leased[0]).toMatchObject({ attempts: 1, leaseExpiresAt: 35_000 });
    expect(queue.get(leased[0]!.id)).toMatchObject({ status: 'running', attempts: 1, agent: 'agent-a', leaseId: leased[0]!.leaseId, leaseExpiresAt: 35_000 });
    expect(queue.lease('default', 'agent-b', 10, LEASE, 5_000).map((j) => j.id)).toEqual([jobs[2]!.id]);
    expect(queue.lease('default', 'agent-b', 10, LEASE, 5_000)).toEqual([]);
  });

  it('leases a job that needs files roots only to an agent that declares every one of them, skipping it for the next', () => {
    const needs = (roots: string[], t: number) => queue.enqueue({ connectionId: 'conn_1', group: 'default', activity: 'operation', input: {}, needsRoots: roots }, t);
    const both = needs(['inbox', 'outbox'], 1_000);
    const inbox = needs(['inbox'], 1_001);
    const [plain] = enqueue(1, 'default', 1_002);
    const lease = (roots: string[]) => queue.lease('default', 'agent-a', 10, LEASE, 5_000, null, roots).map((j) => j.id);
    expect(lease([])).toEqual([plain!.id]);
    expect(lease(['outbox'])).toEqual([]);
    expect(lease(['inbox'])).toEqual([inbox.id]);
    expect(lease(['outbox', 'archive', 'inbox'])).toEqual([both.id]);
  });

  it('takes back a job its agent gives back unstarted, only under its current lease and group, its attempt and start undone', () => {
    const [job] = enqueue(1);
    const [first] = queue.lease('default', 'agent-a', 1, LEASE, 5_000);
    expect(queue.release('emea', job!.id, first!.leaseId)).toBe(false);
    expect(queue.release('default', job!.id, 'not-the-lease')).toBe(false);
    expect(queue.release('default', job!.id, first!.leaseId)).toBe(true);
    expect(queue.get(job!.id)).toMatchObject({ status: 'queued', attempts: 0, agent: null, leaseId: null, leaseExpiresAt: null, startedAt: null });
    // Given back twice, or after it finished under a later lease: nothing changes.
    expect(queue.release('default', job!.id, first!.leaseId)).toBe(false);
    const [second] = queue.lease('default', 'agent-b', 1, LEASE, 9_000);
    expect(queue.get(job!.id)).toMatchObject({ attempts: 1, startedAt: 9_000 });
    expect(queue.finish(job!.id, second!.leaseId, outcome, 9_500)).toEqual({ accepted: true });
    expect(queue.release('default', job!.id, second!.leaseId)).toBe(false);
    expect(queue.get(job!.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('puts an expired lease back in the queue for any agent, and fences off the late result', () => {
    const [job] = enqueue(1);
    const [first] = queue.lease('default', 'agent-a', 1, LEASE, 0);
    expect(queue.renewAll('default', [{ jobId: job!.id, leaseId: first!.leaseId! }], LEASE, 20_000)).toEqual([]);
    expect(queue.expire(49_999)).toEqual([]);
    expect(queue.expire(50_000)).toEqual([job!.id]);
    expect(queue.renewAll('default', [{ jobId: job!.id, leaseId: first!.leaseId! }], LEASE, 50_001)).toEqual([job!.id]);
    // Another group's jobs, and ids of no job, get no answer.
    expect(queue.renewAll('emea', [{ jobId: job!.id, leaseId: 'x' }, { jobId: 'job_none', leaseId: 'x' }], LEASE, 50_001)).toEqual([]);

    const [second] = queue.lease('default', 'agent-b', 1, LEASE, 50_001);
    expect(second).toMatchObject({ id: job!.id, attempts: 2 });
    expect(queue.get(job!.id)).toMatchObject({ status: 'running', agent: 'agent-b', leaseId: second!.leaseId });
    const late = queue.finish(job!.id, first!.leaseId!, outcome);
    expect(late).toEqual({ accepted: false, reason: expect.stringMatching(/no longer current/) });
    expect(queue.finish(job!.id, second!.leaseId!, outcome)).toEqual({ accepted: true });
    expect(queue.get(job!.id)).toMatchObject({ status: 'succeeded', result: { id: 'cus_1' }, agent: 'agent-b', connectorVersion: '1.0.0' });
  });

  it('queues a rate-limited job again, held back, its lease not counted as an attempt', () => {
    const [job] = enqueue(1);
    const [leased] = queue.lease('default', 'a', 1, LEASE, 10_000);
    const throttled = { status: 'failed' as const, error: { code: 'rate_limited', message: '429', retryable: true, retryAfterMs: 5_000 }, connectorVersion: '1.0.0' };
    expect(queue.finish(job!.id, leased!.leaseId!, throttled, 10_100)).toEqual({ accepted: true });
    expect(queue.get(job!.id)).toMatchObject({ status: 'queued', attempts: 0, throttled: 1, notBefore: 15_100, error: null });
    // What the gateway logs of it: held back, and until when.
    expect(queue.ended(job!.id)).toEqual({ id: job!.id, activity: 'read', object: 'customers', input: { id: 'cus_0' }, status: 'queued', attempts: 0, createdAt: 1_000, finishedAt: null, throttled: 1, notBefore: 15_100 });
    // The same result re-sent after a reconnect is acknowledged and changes nothing.
    expect(queue.finish(job!.id, leased!.leaseId!, throttled, 10_200)).toEqual({ accepted: true });
    expect(queue.get(job!.id)).toMatchObject({ status: 'queued', throttled: 1 });
    expect(queue.nextDue(10_200)).toBe(15_100);
    expect(queue.lease('default', 'a', 1, LEASE, 15_099)).toEqual([]);
    const [again] = queue.lease('default', 'b', 1, LEASE, 15_100);
    expect(again).toMatchObject({ id: job!.id, attempts: 1 });
    expect(queue.finish(job!.id, again!.leaseId!, outcome, 15_200)).toEqual({ accepted: true });
    expect(queue.get(job!.id)).toMatchObject({ status: 'succeeded', attempts: 1, throttled: 1 });
    expect(queue.ended(job!.id)).toMatchObject({ status: 'succeeded', attempts: 1, createdAt: 1_000, finishedAt: 15_200 });
  });

  it('accepts the same result again (a re-send after a reconnect) without changing it', () => {
    const [job] = enqueue(1);
    const [leased] = queue.lease('default', 'a', 1, LEASE);
    expect(queue.finish(job!.id, leased!.leaseId!, outcome)).toEqual({ accepted: true });
    expect(queue.finish(job!.id, leased!.leaseId!, { status: 'failed', error: { code: 'x', message: 'x', retryable: false }, connectorVersion: '9' })).toEqual({ accepted: true });
    expect(queue.get(job!.id)).toMatchObject({ status: 'succeeded', connectorVersion: '1.0.0' });
  });

  it('stores search records chunk by chunk, once each, and pages them', () => {
    const [job] = enqueue(1);
    const [leased] = queue.lease('default', 'a', 1, LEASE);
    const chunk = (seq: number) => Array.from({ length: 3 }, (_, i) => ({ n: seq * 3 + i }));
    for (const seq of [0, 1, 1, 2]) expect(queue.addRecords(job!.id, leased!.leaseId!, seq, chunk(seq))).toEqual({ accepted: true });
    expect(queue.records(job!.id, 0, 4)).toEqual({ records: chunk(0).concat(chunk(1)[0]!), next: 4 });
    expect(queue.records(job!.id, 4, 100)).toEqual({ records: chunk(1).slice(1).concat(chunk(2)), next: null });
    expect(queue.addRecords(job!.id, 'stale', 3, chunk(3)).accepted).toBe(false);
  });

  it('pages by cursor across chunks of different sizes, page after page', () => {
    const [job] = enqueue(1);
    const [leased] = queue.lease('default', 'a', 1, LEASE);
    const sizes = [5, 1, 7, 3, 4];
    let n = 0;
    sizes.forEach((size, seq) => queue.addRecords(job!.id, leased!.leaseId!, seq, Array.from({ length: size }, () => ({ n: n++ }))));
    queue.finish(job!.id, leased!.leaseId!, { ...outcome, chunks: sizes.length });
    const seen: unknown[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const page: { records: unknown[]; next: number | null } = queue.records(job!.id, after, 4);
      seen.push(...page.records);
      after = page.next;
    }
    expect(seen).toEqual(Array.from({ length: n }, (_, i) => ({ n: i })));
    expect(queue.records(job!.id, 6, 1)).toEqual({ records: [{ n: 6 }], next: 7 });
    expect(queue.records(job!.id, 19, 5)).toEqual({ records: [{ n: 19 }], next: null });
    expect(queue.records(job!.id, 20, 5)).toEqual({ records: [], next: null });
  });

  it('re-indexes the chunks when a later attempt sends chunks of other sizes, and trims the rest', () => {
    const [job] = enqueue(1);
    const [first] = queue.lease('default', 'a', 1, LEASE, 0);
    for (const seq of [0, 1, 2]) queue.addRecords(job!.id, first!.leaseId!, seq, [{ old: seq }, { old: seq }]);
    queue.expire(LEASE);
    const [second] = queue.lease('default', 'b', 1, LEASE, LEASE);
    // The second attempt's chunk 1 arrives before its chunk 0 (a re-send): its first index is settled at the result.
    queue.addRecords(job!.id, second!.leaseId!, 1, [{ n: 3 }]);
    queue.addRecords(job!.id, second!.leaseId!, 0, [{ n: 0 }, { n: 1 }, { n: 2 }]);
    queue.finish(job!.id, second!.leaseId!, { ...outcome, chunks: 2 });
    expect(queue.records(job!.id, 0, 10)).toEqual({ records: [0, 1, 2, 3].map((n) => ({ n })), next: null });
    expect(queue.records(job!.id, 3, 10)).toEqual({ records: [{ n: 3 }], next: null });
  });

  it('leases many jobs in one go, each under its own lease, oldest first', () => {
    const jobs = enqueue(5);
    const leased = queue.lease('default', 'a', 4, LEASE, 5_000, 'agent A');
    expect(leased.map((j) => j.id)).toEqual(jobs.slice(0, 4).map((j) => j.id));
    expect(new Set(leased.map((j) => j.leaseId)).size).toBe(4);
    expect(leased.map((j) => queue.get(j.id)).every((j) => j?.agentName === 'agent A' && j.startedAt === 5_000)).toBe(true);
  });

  it('cancels queued and running jobs, not finished ones', () => {
    const [a, b] = enqueue(2);
    queue.lease('default', 'x', 1, LEASE);
    expect(queue.cancel(a!.id)).toEqual({ cancelled: true, wasRunning: true });
    expect(queue.cancel(b!.id)).toEqual({ cancelled: true, wasRunning: false });
    expect(queue.cancel(b!.id)).toEqual({ cancelled: false, wasRunning: false });
    expect(queue.lease('default', 'x', 10, LEASE)).toEqual([]);
  });

  it('keeps everything in its SQLite file across a reopen', () => {
    const [job] = enqueue(1);
    const reopened = new Database(file);
    expect(migrate(reopened, 'control-plane')).toEqual([]);
    expect(new JobQueue(reopened).get(job!.id)).toMatchObject({ status: 'queued', input: { id: 'cus_0' } });
  });
});
