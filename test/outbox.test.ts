import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../src/agent/outbox.js';
import { tempDir } from './support/cluster.js';

const result = (jobId: string) => ({ jobId, status: 'succeeded' as const, result: { id: 'cus_1' }, connectorVersion: '1.0.0' });
const lease = (leaseId: string, activity = 'read') => ({ leaseId, activity, startedAt: 1 });

describe('the outbox, with group commit', () => {
  it('runs what waits for a result only once the result and its chunks are committed, all writes of the turn in one go', async () => {
    const dir = tempDir('outbox');
    const outbox = new Outbox(dir);
    const seenByAnotherConnection: unknown[] = [];
    outbox.started('job_1', 'lease_1', 'search');
    outbox.addRecords('job_1', 0, JSON.stringify([{ n: 0 }]));
    const sent = new Promise<void>((resolve) =>
      outbox.finished(lease('lease_1', 'search'), result('job_1'), () => {
        // What a crash now would leave: another connection to the same file sees the result and its chunk.
        const other = new Database(join(dir, 'agent.db'), { readonly: true });
        seenByAnotherConnection.push(other.prepare(`SELECT state FROM jobs WHERE job_id = 'job_1'`).pluck().get());
        seenByAnotherConnection.push(other.prepare(`SELECT COUNT(*) FROM records WHERE job_id = 'job_1'`).pluck().get());
        other.close();
        resolve();
      }),
    );
    let sentAlready = false;
    void sent.then(() => (sentAlready = true));
    await Promise.resolve();
    expect(sentAlready).toBe(false);
    await sent;
    expect(seenByAnotherConnection).toEqual(['finished', 1]);
    outbox.close();
  });

  it('reads its own writes before they are committed by the turn, and forgets an acknowledged job only under the lease it went out under last', () => {
    const outbox = new Outbox(tempDir('outbox'));
    outbox.started('job_2', 'lease_1', 'read');
    outbox.finished(lease('lease_1'), result('job_2'), () => undefined);
    // A new lease brought the finished job back before its first sending was answered.
    expect(outbox.pending('job_2', 'lease_2')).toMatchObject({ jobId: 'job_2', leaseId: 'lease_2', records: [], result: result('job_2') });
    expect(outbox.size()).toBe(1);
    // The answer to the first sending (refused: its lease is no longer current) leaves the result to go under the new one.
    outbox.resultAcknowledged('job_2', 'lease_1');
    expect(outbox.allPending().map((p) => p.leaseId)).toEqual(['lease_2']);
    outbox.resultAcknowledged('job_2', 'lease_2');
    expect(outbox.size()).toBe(0);
    expect(outbox.allPending()).toEqual([]);
    outbox.close();
  });

  it('keeps a finished result across a reopen, and drops a job that was only running', () => {
    const dir = tempDir('outbox');
    const first = new Outbox(dir);
    first.started('job_running', 'lease_1', 'search');
    first.addRecords('job_running', 0, JSON.stringify([{ n: 0 }]));
    first.started('job_done', 'lease_1', 'search');
    first.finished(lease('lease_2', 'search'), result('job_done'), () => undefined);
    first.close();
    const reopened = new Outbox(dir);
    expect(reopened.allPending().map((p) => [p.jobId, p.leaseId])).toEqual([['job_done', 'lease_2']]);
    expect(reopened.database.prepare('SELECT COUNT(*) FROM records').pluck().get()).toBe(0);
    expect(reopened.size()).toBe(1);
    reopened.close();
  });

  it('writes nothing for a job without records until its result, which it keeps under the lease current then', () => {
    const dir = tempDir('outbox');
    const outbox = new Outbox(dir);
    outbox.started('job_3', 'lease_1', 'read');
    outbox.started('job_4', 'lease_1', 'search');
    expect(outbox.size()).toBe(0);
    const rows = () => outbox.database.prepare('SELECT job_id, lease_id, state FROM jobs ORDER BY job_id').all();
    expect(rows()).toEqual([{ job_id: 'job_4', lease_id: 'lease_1', state: 'running' }]);
    outbox.relet('job_4', 'lease_2');
    outbox.finished(lease('lease_3'), result('job_3'), () => undefined);
    outbox.finished(lease('lease_2', 'search'), result('job_4'), () => undefined);
    expect(outbox.size()).toBe(2);
    expect(rows()).toEqual([
      { job_id: 'job_3', lease_id: 'lease_3', state: 'finished' },
      { job_id: 'job_4', lease_id: 'lease_2', state: 'finished' },
    ]);
    outbox.close();
  });
});
