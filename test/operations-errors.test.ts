import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAgent, tempDir, waitFor } from './support/cluster.js';
import { clusterOn, runEnded, sandboxPerTest, saveOperation } from './support/operations.js';
import { stripeFor } from './support/sandbox.js';

const world = sandboxPerTest();

async function setup(csv: string) {
  const { cp, client, connectionId } = await clusterOn(world);
  const root = tempDir('imports');
  mkdirSync(join(root, 'in'));
  writeFileSync(join(root, 'in', 'rows.csv'), csv);
  world.running.push(await startAgent(cp.url, { args: ['--files-root', `imports=${root}`, '--stripe-rate-limit', '100'] }));
  return { client, connectionId };
}

const csvSource = { name: 'Rows', type: 'files', activity: 'read', root: 'imports', pattern: 'in/*.csv', format: 'csv' };

describe('a run whose writes Stripe rate-limits', () => {
  it('holds a throttled record back and writes it again: no record fails for a 429', async () => {
    const { client, connectionId } = await setup(`email\n${[1, 2, 3, 4, 5].map((i) => `r${i}@example.com`).join('\n')}\n`);
    const opId = await saveOperation(client, csvSource, { name: 'Customers', type: 'stripe', connectionId, activity: 'create', object: 'customers' }, '{"email": email}');
    // Two writes meet a 429 that says not to retry it: each record's retries are spent at once.
    world.sandbox.faults.set({ rateLimitNext: 2 });
    const runId = (await client('POST', `/api/v1/operations/${opId}/runs`)).body.id;
    const run = await runEnded(client, runId);
    expect(run).toMatchObject({ status: 'succeeded', sourceRecords: 5, targetRecords: 5, failedRecords: 0 });
    expect((await stripeFor(world.sandbox, world.key).customers.list({ limit: 100 })).data).toHaveLength(5);
  });
});

describe('a run with records that fail', () => {
  it('goes on past declined cards, a Stripe 400 and a mapping that throws: succeeded_with_errors, counted and listed by position', async () => {
    const rows = ['amount,token'];
    for (let i = 0; i < 20; i++) {
      const token = [3, 11, 17].includes(i) ? 'tok_chargeDeclined' : 'tok_visa';
      const amount = i === 5 || i === 6 ? 'lots' : i === 9 ? '0' : i === 14 ? '-1' : String(1000 + i);
      rows.push(`${amount},${token}`);
    }
    const { client, connectionId } = await setup(`${rows.join('\n')}\n`);
    const opId = await saveOperation(
      client,
      csvSource,
      { name: 'Charge', type: 'stripe', connectionId, activity: 'create', object: 'charges' },
      '$number(amount) != 0 ? {"amount": $number(amount), "currency": "usd", "source": token}',
    );
    const runId = (await client('POST', `/api/v1/operations/${opId}/runs`)).body.id;
    const run = await runEnded(client, runId);
    expect(run).toMatchObject({ status: 'succeeded_with_errors', sourceRecords: 20, targetRecords: 13, failedRecords: 6, skippedRecords: 1 });

    const all = (await client('GET', `/api/v1/runs/${runId}/errors`)).body;
    expect(all.next).toBe(null);
    expect(all.errors.map((e: any) => [e.index, e.recordId, e.code])).toEqual([
      [3, 'in/rows.csv:4', 'card_declined'],
      [5, 'in/rows.csv:6', 'mapping_error'],
      [6, 'in/rows.csv:7', 'mapping_error'],
      [11, 'in/rows.csv:12', 'card_declined'],
      [14, 'in/rows.csv:15', 'stripe_error'],
      [17, 'in/rows.csv:18', 'card_declined'],
    ]);
    expect(all.errors[1].position).toEqual(expect.any(Number));
    expect(all.errors[4].param).toBe('amount');
    // An error names the record by position and id, never by its contents.
    expect(JSON.stringify(all.errors)).not.toMatch(/tok_|lots/);

    const first = (await client('GET', `/api/v1/runs/${runId}/errors?limit=2`)).body;
    expect(first.errors.map((e: any) => e.index)).toEqual([3, 5]);
    const second = (await client('GET', `/api/v1/runs/${runId}/errors?limit=2&after=${first.next}`)).body;
    expect(second.errors.map((e: any) => e.index)).toEqual([6, 11]);

    const charges = await stripeFor(world.sandbox, world.key).charges.list({ limit: 100 });
    expect(charges.data.filter((c) => c.status === 'succeeded')).toHaveLength(13);
  });

  it('stops at the next record when cancelled, and says how far it got', async () => {
    const rows = ['email'];
    for (let i = 0; i < 400; i++) rows.push(`c${i}@example.com`);
    const { client, connectionId } = await setup(`${rows.join('\n')}\n`);
    world.sandbox.faults.set({ latencyMs: 40 });
    const opId = await saveOperation(client, csvSource, { name: 'Create', type: 'stripe', connectionId, activity: 'create', object: 'customers' }, '{"email": email}');
    const runId = (await client('POST', `/api/v1/operations/${opId}/runs`, { trigger: 'manual' })).body.id;
    // While it runs, the run shows its counts so far.
    const progress = await waitFor(async () => {
      const r = (await client('GET', `/api/v1/runs/${runId}`)).body;
      return r.status === 'running' && r.targetRecords >= 30 ? r : undefined;
    }, 'the running run to report 30 records written');
    expect(progress.sourceRecords).toBeLessThan(400);
    expect((await client('POST', `/api/v1/runs/${runId}/cancel`)).body.status).toBe('cancelled');

    const run = await waitFor(async () => {
      const r = (await client('GET', `/api/v1/runs/${runId}`)).body;
      return r.sourceRecords !== null ? r : undefined;
    }, 'the cancelled run to report how far it got');
    expect(run).toMatchObject({ status: 'cancelled', message: expect.stringMatching(/^Cancelled/) });
    expect(run.sourceRecords).toBeLessThan(400);
    expect(run.targetRecords).toBeGreaterThanOrEqual(30);
    const customers = await stripeFor(world.sandbox, world.key).customers.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
    expect(customers).toHaveLength(run.targetRecords);
  });
});
