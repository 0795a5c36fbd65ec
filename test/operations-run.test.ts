import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { stop } from './support/process.js';
import { tempDir, waitFor } from './support/cluster.js';
import { agentOn, clusterOn, runEnded, sandboxPerTest, saveOperation } from './support/operations.js';
import { stripeFor } from './support/sandbox.js';

let requests: Array<{ method: string; path: string; status: number }> = [];
const world = sandboxPerTest((r) => requests.push(r));
beforeEach(() => {
  requests = [];
});
const cluster = () => clusterOn(world, { leaseMs: 1500, heartbeatMs: 300 });

const agent = (url: string, roots: Record<string, string>, opts: { name?: string; dataDir?: string } = {}) =>
  agentOn(world, url, roots, { ...opts, args: ['--stripe-rate-limit', '100'] });

function customersCsv(dir: string, rows: number, marker: string): void {
  mkdirSync(join(dir, 'in'), { recursive: true });
  const lines = ['email,name,row'];
  for (let i = 0; i < rows; i++) lines.push(`c${i}@${marker}.example,Customer ${i},${i}`);
  writeFileSync(join(dir, 'in', 'customers.csv'), `${lines.join('\n')}\n`);
}

const created = () => requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers' && r.status === 200).length;

async function customersInSandbox(): Promise<Set<string>> {
  const emails = new Set<string>();
  for await (const c of stripeFor(world.sandbox, world.key).customers.list({ limit: 100 })) emails.add(c.email!);
  return emails;
}

describe('operations run on the agent, with real processes, files and the sandbox', () => {
  it('imports a CSV of 500 rows into Stripe; kill -9 mid-run, a second agent finishes: exactly 500 customers', async () => {
    const { cp, client, connectionId } = await cluster();
    const root = tempDir('imports');
    customersCsv(root, 500, 'import');
    await world.sandbox.faults.set({ latencyMs: 5 });
    const opId = await saveOperation(
      client,
      { name: 'Customers CSV', type: 'files', activity: 'read', root: 'imports', pattern: 'in/*.csv', format: 'csv', afterRead: 'archive' },
      { name: 'Create customers', type: 'stripe', connectionId, activity: 'create', object: 'customers' },
      '{"email": email, "name": name, "metadata": {"row": row}}',
    );
    const first = await agent(cp.url, { imports: root }, { name: 'first' });
    const runId = (await client('POST', `/api/v1/operations/${opId}/runs`, { trigger: 'manual' })).body.id;
    await waitFor(() => created() >= 100, '100 customers to be created');
    expect(await stop(first.child, 'SIGKILL')).toBe(null);
    await agent(cp.url, { imports: root }, { name: 'second' });

    const run = await runEnded(client, runId);
    expect(run).toMatchObject({ status: 'succeeded', agent: 'second', trigger: 'manual', sourceRecords: 500, targetRecords: 500, failedRecords: 0 });
    const emails = await customersInSandbox();
    expect(emails.size).toBe(500);
    expect([...emails].every((e) => /^c\d+@import\.example$/.test(e))).toBe(true);
    // The file was archived only once the run had succeeded.
    expect(readdirSync(join(root, 'in'))).toEqual([]);
    expect(readdirSync(join(root, '.archive', 'in'))).toEqual(['customers.csv']);
  }, 90_000);

  it('goes on from its checkpoint when the same agent comes back after kill -9', async () => {
    const { cp, client, connectionId } = await cluster();
    const root = tempDir('imports');
    customersCsv(root, 500, 'resume');
    await world.sandbox.faults.set({ latencyMs: 5 });
    const opId = await saveOperation(
      client,
      { name: 'Customers CSV', type: 'files', activity: 'read', root: 'imports', pattern: 'in/*.csv', format: 'csv' },
      { name: 'Create customers', type: 'stripe', connectionId, activity: 'create', object: 'customers' },
      '{"email": email}',
    );
    const dataDir = tempDir('agent');
    const first = await agent(cp.url, { imports: root }, { dataDir });
    const runId = (await client('POST', `/api/v1/operations/${opId}/runs`)).body.id;
    await waitFor(() => created() >= 200, '200 customers to be created');
    await stop(first.child, 'SIGKILL');
    const before = requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers').length;
    await agent(cp.url, { imports: root }, { dataDir });

    expect(await runEnded(client, runId)).toMatchObject({ status: 'succeeded', trigger: 'api', sourceRecords: 500, targetRecords: 500 });
    expect((await customersInSandbox()).size).toBe(500);
    // Restarting from the first record would have sent all 500 again; going on sends the rest and a short replay.
    const after = requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers').length - before;
    expect(after).toBeLessThan(500 - 200 + 100);
  }, 90_000);

  it('exports 1,000 customers from a search to NDJSON in a root; no record reaches the control plane', async () => {
    const { cp, client, connectionId } = await cluster();
    const stripe = stripeFor(world.sandbox, world.key);
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => stripe.customers.create({ email: `m${i + j}@marker-9f3a.example`, name: `Customer ${i + j}`, metadata: { batch: 'export' } })));
    }
    const root = tempDir('exports');
    const opId = await saveOperation(
      client,
      { name: 'Marked customers', type: 'stripe', connectionId, activity: 'search', object: 'customers', query: 'metadata["batch"]:"export"' },
      { name: 'NDJSON export', type: 'files', activity: 'write', root: 'exports', path: 'out/customers-{date}-{runId}.ndjson', format: 'ndjson' },
    );
    await agent(cp.url, { exports: root });
    const runId = (await client('POST', `/api/v1/operations/${opId}/runs`)).body.id;
    const run = await runEnded(client, runId);
    expect(run).toMatchObject({ status: 'succeeded', sourceRecords: 1000, targetRecords: 1000, file: expect.stringMatching(new RegExp(`^out/customers-\\d{4}-\\d\\d-\\d\\d-${runId}\\.ndjson$`)) });

    const lines = readFileSync(join(root, run.file), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1000);
    expect(new Set(lines.map((l) => JSON.parse(l).id)).size).toBe(1000);
    expect(readdirSync(join(root, 'out'))).toEqual([run.file.slice('out/'.length)]);

    for (const file of filesUnder(cp.dataDir)) expect(readFileSync(file).includes('marker-9f3a'), file).toBe(false);
  }, 90_000);
});

describe('an operation without a target', () => {
  it('makes its records the run output, paged like a search job', async () => {
    const { cp, client } = await cluster();
    const root = tempDir('imports');
    mkdirSync(join(root, 'in'));
    writeFileSync(join(root, 'in', 'a.ndjson'), Array.from({ length: 250 }, (_, i) => JSON.stringify({ n: i, keep: i % 5 !== 0 })).join('\n'));
    const opId = await saveOperation(client, { name: 'Lines', type: 'files', activity: 'read', root: 'imports', pattern: 'in/*.ndjson', format: 'ndjson' }, undefined, 'keep ? {"n": n}');
    // A root whose directory does not exist is not declared: runs needing it wait for another agent.
    await agent(cp.url, { imports: root, gone: join(root, 'no-such-dir') });
    const agents = await waitFor(async () => ((await client('GET', '/api/v1/agents')).body as any[]).find((a) => a.connected), 'the agent to connect');
    expect(agents.roots).toEqual(['imports']);
    const runId = (await client('POST', `/api/v1/operations/${opId}/runs`)).body.id;
    expect(await runEnded(client, runId)).toMatchObject({ status: 'succeeded', sourceRecords: 250, targetRecords: 200, skippedRecords: 50 });
    const first = (await client('GET', `/api/v1/runs/${runId}/records?limit=150`)).body;
    const rest = (await client('GET', `/api/v1/runs/${runId}/records?limit=150&after=${first.next}`)).body;
    expect(rest.next).toBe(null);
    expect([...first.records, ...rest.records]).toEqual(Array.from({ length: 250 }, (_, n) => ({ n })).filter((r) => r.n % 5 !== 0));
  });
});

describe('a Stripe read as the source', () => {
  it("is referenced by the saved activity's id and reads the object named by objectId", async () => {
    const { cp, client, connectionId } = await cluster();
    const customer = await stripeFor(world.sandbox, world.key).customers.create({ email: 'one@read-source.example', name: 'The one' });
    await stripeFor(world.sandbox, world.key).customers.create({ email: 'other@read-source.example' });
    const saved = await client('POST', '/api/v1/activities', { name: 'One customer', type: 'stripe', connectionId, activity: 'read', object: 'customers', objectId: customer.id });
    expect(saved.body).toMatchObject({ id: expect.stringMatching(/^act_/), objectId: customer.id });
    const op = await client('POST', '/api/v1/operations', { name: 'Read one', source: saved.body.id, mapping: '{"id": id, "email": email, "name": name}' });
    expect(op.status, JSON.stringify(op.body)).toBe(201);
    expect(op.body.source).toBe(saved.body.id);
    await agent(cp.url, {});
    const runId = (await client('POST', `/api/v1/operations/${op.body.id}/runs`)).body.id;
    expect(await runEnded(client, runId)).toMatchObject({ status: 'succeeded', sourceRecords: 1, targetRecords: 1, failedRecords: 0 });
    const records = (await client('GET', `/api/v1/runs/${runId}/records`)).body;
    expect(records).toEqual({ records: [{ id: customer.id, email: 'one@read-source.example', name: 'The one' }], next: null });
  }, 60_000);
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
