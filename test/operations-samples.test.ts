import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute } from '../src/agent/executor.js';
import { Checkpoints } from '../src/agent/operations/checkpoints.js';
import { FilesRoots } from '../src/agent/operations/roots.js';
import { Outbox } from '../src/agent/outbox.js';
import { createConnector } from '../src/connectors/stripe/index.js';
import { finished, tempDir, waitFor } from './support/cluster.js';
import { agentOn, clusterOn, runEnded, sandboxPerTest } from './support/operations.js';
import { stripeFor } from './support/sandbox.js';

const world = sandboxPerTest();
const cluster = () => clusterOn(world, { leaseMs: 1500, heartbeatMs: 300 });

const agent = (url: string, roots: Record<string, string>, name: string) => agentOn(world, url, roots, { name });

const rows = Array.from({ length: 10 }, (_, i) => ({ email: `c${i}@sample.example`, name: `Customer ${i}`, row: String(i) }));

function customersCsv(dir: string): string {
  mkdirSync(join(dir, 'in'), { recursive: true });
  const file = join(dir, 'in', 'customers.csv');
  writeFileSync(file, `email,name,row\n${rows.map((r) => `${r.email},${r.name},${r.row}`).join('\n')}\n`);
  return file;
}

describe('samples of a source activity', () => {
  it('reads the first rows of a CSV on the agent that has the root, with no side effects; a real run then reads them all', async () => {
    const { cp, client } = await cluster();
    const root = tempDir('samples');
    const csv = customersCsv(root);
    const source = { name: 'Customers CSV', type: 'files', activity: 'read', root: 'inbox', pattern: 'in/*.csv', format: 'csv', afterRead: 'archive' };
    const sourceId = (await client('POST', '/api/v1/activities', source)).body.id as string;

    // Only an agent that declares the root may take it: until one connects, the sample waits and says why.
    await agent(cp.url, {}, 'plain');
    const asked = await client('POST', `/api/v1/activities/${sourceId}/samples`, { limit: 3 });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const jobId = asked.body.jobId as string;
    const waiting = await waitFor(async () => {
      const job = (await client('GET', `/api/v1/jobs/${jobId}`)).body;
      return job.message?.includes("'inbox'") ? job : undefined;
    }, 'the sample to say it waits for the root');
    expect(waiting.status).toBe('queued');

    await agent(cp.url, { inbox: root }, 'reader');
    const [job] = await finished(client, [jobId]);
    expect(job).toMatchObject({ status: 'succeeded', activity: 'operation', agent: 'reader', result: { sourceRecords: 3, failedRecords: 0 } });
    const page = await client('GET', `/api/v1/jobs/${jobId}/records`);
    expect(page.body).toEqual({ records: rows.slice(0, 3), next: null });

    // No archive, no run in the history.
    expect(existsSync(csv)).toBe(true);
    expect(existsSync(join(root, '.archive'))).toBe(false);
    expect((await client('GET', '/api/v1/runs')).body).toEqual([]);

    const opId = (await client('POST', '/api/v1/operations', { name: 'Export the CSV', source: sourceId })).body.id;
    const runId = (await client('POST', `/api/v1/operations/${opId}/runs`)).body.id;
    const run = await runEnded(client, runId);
    expect(run).toMatchObject({ status: 'succeeded', sourceRecords: 10 });
    expect((await client('GET', `/api/v1/runs/${runId}/records`)).body.records).toEqual(rows);
    expect(readdirSync(join(root, '.archive', 'in'))).toEqual(['customers.csv']);
    expect((await client('GET', '/api/v1/runs')).body.map((r: { id: string }) => r.id)).toEqual([runId]);
  });

  it('reads the first records of a Stripe search, in its connection group', async () => {
    const { cp, client, connectionId } = await cluster();
    const stripe = stripeFor(world.sandbox, world.key);
    for (let i = 0; i < 5; i++) await stripe.customers.create({ email: `s${i}@sample.example`, metadata: { batch: 'sample' } });
    const sourceId = (await client('POST', '/api/v1/activities', { name: 'Marked', type: 'stripe', connectionId, activity: 'search', object: 'customers', query: 'metadata["batch"]:"sample"' })).body.id;
    await agent(cp.url, {}, 'any');
    const asked = await client('POST', `/api/v1/activities/${sourceId}/samples`, { limit: 2 });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const [job] = await finished(client, [asked.body.jobId]);
    expect(job).toMatchObject({ status: 'succeeded', connectionId, object: 'customers' });
    const { records } = (await client('GET', `/api/v1/jobs/${asked.body.jobId}/records`)).body;
    expect(records).toHaveLength(2);
    expect(records.every((r: { object: string; metadata: { batch: string } }) => r.object === 'customer' && r.metadata.batch === 'sample')).toBe(true);
    expect((await client('GET', '/api/v1/runs')).body).toEqual([]);
  });

  it('refuses a target activity, a limit out of range and an unknown activity, naming what is wrong', async () => {
    const { client, connectionId } = await cluster();
    const target = (await client('POST', '/api/v1/activities', { name: 'Create', type: 'stripe', connectionId, activity: 'create', object: 'customers' })).body.id;
    const write = (await client('POST', '/api/v1/activities', { name: 'Write', type: 'files', activity: 'write', root: 'out', path: 'x.csv', format: 'csv' })).body.id;
    const source = (await client('POST', '/api/v1/activities', { name: 'Read', type: 'files', activity: 'read', root: 'inbox', pattern: '*.csv', format: 'csv' })).body.id;
    for (const id of [target, write]) {
      const res = await client('POST', `/api/v1/activities/${id}/samples`, {});
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_input', field: 'activity', param: 'activity' });
    }
    for (const body of [{ limit: 0 }, { limit: 21 }, { limit: 2.5 }, { limit: '3' }]) {
      const res = await client('POST', `/api/v1/activities/${source}/samples`, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_input', field: 'limit' });
    }
    const extra = await client('POST', `/api/v1/activities/${source}/samples`, { limit: 3, mapping: 'x' });
    expect(extra.body.error).toMatchObject({ code: 'invalid_input', field: 'mapping' });
    const missing = await client('POST', '/api/v1/activities/act_nope/samples', { limit: 3 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect((await client('GET', '/api/v1/jobs')).body).toEqual([]);
  });
});

describe('a sample on the agent', () => {
  it('reads at most its limit and leaves the files and no checkpoint behind, even when its source says archive', async () => {
    const root = tempDir('sample-agent');
    const csv = customersCsv(root);
    const outbox = new Outbox(tempDir('agent'));
    try {
      const sent: Array<Record<string, unknown>> = [];
      const channel = { sendRecords: (_seq: number, records: Array<Record<string, unknown>>) => void sent.push(...records), bufferedAmount: () => 0 };
      const source = { id: 'act_s', name: 'S', type: 'files', activity: 'read', root: 'inbox', pattern: 'in/*.csv', format: 'csv', afterRead: 'archive' };
      const result = await execute(
        {
          type: 'job', jobId: 'smp_1', leaseId: 'l1', leaseExpiresAt: Date.now() + 60_000, attempt: 1, activity: 'operation', connection: {},
          input: { operation: { operationId: 'act_s', name: 'Sample of S', source, options: {}, sample: 4 } },
        },
        createConnector(), outbox, channel, new AbortController().signal, { roots: new FilesRoots({ inbox: root }), checkpoints: new Checkpoints(outbox.database) },
      );
      expect(result).toMatchObject({ status: 'succeeded', result: { sourceRecords: 4, failedRecords: 0 } });
      expect(sent).toEqual(rows.slice(0, 4));
      expect(existsSync(csv)).toBe(true);
      expect(existsSync(join(root, '.archive'))).toBe(false);
      expect(outbox.database.prepare('SELECT COUNT(*) FROM run_checkpoints').pluck().get()).toBe(0);
    } finally {
      outbox.close();
    }
  });
});
