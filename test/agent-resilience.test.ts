import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../src/sandbox/server.js';
import { stop } from './support/process.js';
import { api, finished, startAgent, startControlPlane, stopAll, waitFor, type AgentProcess, type Api, type ControlPlaneProcess } from './support/cluster.js';
import { call, testKey } from './support/sandbox.js';

let sandbox: Sandbox;
let key: string;
/** Customers the sandbox has created: counted in process, so a test can act the moment it moves. */
let created = 0;
const running: Array<AgentProcess | ControlPlaneProcess> = [];

beforeEach(async () => {
  created = 0;
  sandbox = await Sandbox.start({ port: 0, onRequest: (r) => void (r.method === 'POST' && r.path === '/v1/customers' && r.status === 200 && created++) });
  key = testKey();
});
afterEach(async () => {
  await stopAll(...running.splice(0));
  await sandbox.close();
});

async function cluster(opts: { leaseMs?: number; heartbeatMs?: number; port?: number; dataDir?: string } = {}) {
  const cp = await startControlPlane({ ...opts, apiBases: [sandbox.url] });
  running.push(cp);
  const client = api(cp.url);
  const connection = await client('POST', '/api/v1/connections', { name: 'Sandbox', apiKey: key, apiBase: sandbox.url });
  return { cp, client, connectionId: connection.body.id as string };
}

async function agent(url: string, opts: Parameters<typeof startAgent>[1] = {}) {
  const a = await startAgent(url, opts);
  running.push(a);
  return a;
}

async function enqueueCreates(client: Api, connectionId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push((await client('POST', '/api/v1/jobs', { connectionId, activity: 'create', object: 'customers', data: { email: `c${i}@example.com` } })).body.id);
  }
  return ids;
}

async function succeededCount(client: Api, ids: string[]): Promise<number> {
  const jobs = await Promise.all(ids.map(async (id) => (await client('GET', `/api/v1/jobs/${id}`)).body.status));
  return jobs.filter((s) => s === 'succeeded').length;
}

/** How many customers the sandbox holds for the connection's key, read page by page. */
async function customersInSandbox(): Promise<number> {
  let total = 0;
  let after: string | undefined;
  for (;;) {
    const page = await call(sandbox, 'GET', '/v1/customers', key, { limit: '100', ...(after ? { starting_after: after } : {}) });
    total += page.body.data.length;
    if (!page.body.has_more) return total;
    after = page.body.data.at(-1).id;
  }
}

describe('the agent and the control plane under failure, as separate processes', () => {
  it('two agents of one group share 100 jobs', async () => {
    const { cp, client, connectionId } = await cluster();
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '20' });
    await agent(cp.url, { name: 'left', concurrency: 4 });
    await agent(cp.url, { name: 'right', concurrency: 4 });
    const ids = await enqueueCreates(client, connectionId, 100);
    const jobs = await finished(client, ids);
    expect(jobs.every((j) => j.status === 'succeeded')).toBe(true);
    const byAgent = new Map<string, number>();
    for (const j of jobs) byAgent.set(j.agent, (byAgent.get(j.agent) ?? 0) + 1);
    expect([...byAgent.keys()].sort()).toEqual(['left', 'right']);
    expect(await customersInSandbox()).toBe(100);
  }, 120_000);

  it('kill -9 of an agent in the middle of 200 creates, then a restart: every job succeeds, Stripe holds exactly 200', async () => {
    const { cp, client, connectionId } = await cluster({ leaseMs: 1500, heartbeatMs: 300 });
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '40' });
    // Every job is queued before the agent starts, and the kill follows the sandbox's own count:
    // 200 creates at 8 at a time take at least a second, far more than it takes to see 40 of them.
    const ids = await enqueueCreates(client, connectionId, 200);
    const first = await agent(cp.url, { concurrency: 8 });
    await waitFor(() => created >= 40, '40 customers to be created');
    expect(await stop(first.child, 'SIGKILL')).toBe(null);
    expect(await succeededCount(client, ids)).toBeLessThan(200);

    await agent(cp.url, { dataDir: first.dataDir, concurrency: 8 });
    const jobs = await finished(client, ids, 90_000);
    expect(jobs.filter((j) => j.status !== 'succeeded')).toEqual([]);
    expect(await customersInSandbox()).toBe(200);
  }, 120_000);

  it('an agent frozen past its lease: another finishes the job, and the late result is refused', async () => {
    const { cp, client, connectionId } = await cluster({ leaseMs: 1000, heartbeatMs: 250 });
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '1500' });
    const frozen = await agent(cp.url, { name: 'frozen', concurrency: 1 });
    const [id] = await enqueueCreates(client, connectionId, 1);
    await waitFor(async () => (await client('GET', `/api/v1/jobs/${id}`)).body.status === 'running', 'the job to run on the first agent');
    frozen.child.kill('SIGSTOP');
    try {
      await agent(cp.url, { name: 'taker', concurrency: 1 });
      const [job] = await finished(client, [id!], 30_000);
      expect(job).toMatchObject({ status: 'succeeded', agent: 'taker', attempts: 2 });
    } finally {
      frozen.child.kill('SIGCONT');
    }
    await waitFor(() => /"reason":"lease [^"]+ is no longer current","msg":"result refused"/.test(cp.output()), 'the late result to be refused');
    expect((await client('GET', `/api/v1/jobs/${id}`)).body).toMatchObject({ status: 'succeeded', agent: 'taker' });
    expect(await customersInSandbox()).toBe(1);
  });

  it('a control plane killed and restarted mid-run loses nothing', async () => {
    const first = await cluster({ leaseMs: 3000, heartbeatMs: 300 });
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '15' });
    await agent(first.cp.url, { concurrency: 4 });
    const ids = await enqueueCreates(first.client, first.connectionId, 100);
    await waitFor(async () => (await succeededCount(first.client, ids)) >= 20, '20 jobs to succeed');
    await stop(first.cp.child, 'SIGKILL');

    const restarted = await startControlPlane({ dataDir: first.cp.dataDir, port: first.cp.port, leaseMs: 3000, heartbeatMs: 300, apiBases: [sandbox.url] });
    running.push(restarted);
    const jobs = await finished(api(restarted.url), ids, 90_000);
    expect(jobs.filter((j) => j.status !== 'succeeded')).toEqual([]);
    expect(await customersInSandbox()).toBe(100);
  }, 120_000);

  it('drops a job fetched ahead when the control plane goes away, and gives it back after the reconnect', async () => {
    const first = await cluster({ leaseMs: 30_000, heartbeatMs: 300 });
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '2000' });
    const host = await agent(first.cp.url, { concurrency: 1 });
    const [started, ahead] = await enqueueCreates(first.client, first.connectionId, 2);
    await waitFor(async () => (await first.client('GET', `/api/v1/jobs/${ahead}`)).body.status === 'running', 'the second job to be fetched ahead');
    await stop(first.cp.child, 'SIGKILL');
    await waitFor(() => host.output().includes('dropped unstarted'), 'the agent to drop the job fetched ahead');
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '0' });

    const restarted = await startControlPlane({ dataDir: first.cp.dataDir, port: first.cp.port, leaseMs: 30_000, heartbeatMs: 300, apiBases: [sandbox.url] });
    running.push(restarted);
    // Given back after the welcome, not left to its 30 s lease: queued at once, that attempt undone.
    const jobs = await finished(api(restarted.url), [started!, ahead!], 20_000);
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([['succeeded', 1], ['succeeded', 1]]);
    expect(await customersInSandbox()).toBe(2);
  });

  it('SIGTERM lets the running job finish, flushes its result, and exits 0', async () => {
    const { cp, client, connectionId } = await cluster();
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '1000' });
    const draining = await agent(cp.url, { concurrency: 1 });
    const [id] = await enqueueCreates(client, connectionId, 1);
    await waitFor(async () => (await client('GET', `/api/v1/jobs/${id}`)).body.status === 'running', 'the job to start');
    expect(await stop(draining.child, 'SIGTERM')).toBe(0);
    expect((await client('GET', `/api/v1/jobs/${id}`)).body).toMatchObject({ status: 'succeeded' });
    expect(draining.output()).toMatch(/agent draining[\s\S]*job finished[\s\S]*agent stopped/);
  });

  it('a second signal cancels the running job and leaves it for another agent', async () => {
    const { cp, client, connectionId } = await cluster({ leaseMs: 1000, heartbeatMs: 250 });
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '3000' });
    const impatient = await agent(cp.url, { concurrency: 1 });
    const [id] = await enqueueCreates(client, connectionId, 1);
    await waitFor(async () => (await client('GET', `/api/v1/jobs/${id}`)).body.status === 'running', 'the job to start');
    impatient.child.kill('SIGTERM');
    await waitFor(() => impatient.output().includes('agent draining'), 'the drain to begin');
    expect(await stop(impatient.child, 'SIGTERM')).toBe(1);
    await agent(cp.url, { name: 'next', concurrency: 1 });
    const [job] = await finished(client, [id!], 30_000);
    expect(job).toMatchObject({ status: 'succeeded', agent: 'next' });
    expect(await customersInSandbox()).toBe(1);
  });
});
