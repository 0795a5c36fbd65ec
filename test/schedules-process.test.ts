import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../src/sandbox/server.js';
import { stop } from './support/process.js';
import { api, startAgent, startControlPlane, stopAll, tempDir, waitFor, type AgentProcess, type Api, type ControlPlaneProcess } from './support/cluster.js';
import { runEnded } from './support/operations.js';
import { testKey } from './support/sandbox.js';

let sandbox: Sandbox;
const running: Array<AgentProcess | ControlPlaneProcess> = [];

beforeEach(async () => {
  sandbox = await Sandbox.start({ port: 0 });
});
afterEach(async () => {
  await stopAll(...running.splice(0));
  await sandbox.close();
});

async function controlPlane(opts: { dataDir?: string; port?: number } = {}) {
  const cp = await startControlPlane({ ...opts, apiBases: [sandbox.url] });
  running.push(cp);
  return cp;
}

async function agent(url: string, name: string, concurrency = 2) {
  const a = await startAgent(url, { name, concurrency });
  running.push(a);
  return a;
}

/** A connection to the sandbox and a search on it; returns the search's id. */
async function search(client: Api): Promise<string> {
  const connectionId = (await client('POST', '/api/v1/connections', { name: `Sandbox ${Math.random()}`, apiKey: testKey(), apiBase: sandbox.url })).body.id;
  const res = await client('POST', '/api/v1/activities', { name: `Search ${Math.random()}`, type: 'stripe', connectionId, activity: 'search', object: 'customers', query: "email~'example.com'" });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function operation(client: Api, body: Record<string, unknown>): Promise<string> {
  const res = await client('POST', '/api/v1/operations', { name: `Op ${Math.random()}`, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const runsOf = async (client: Api, id: string): Promise<any[]> => (await client('GET', `/api/v1/runs?operationId=${id}&limit=500`)).body;

/** Each fire time's number of runs. */
function perFireTime(runs: any[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.scheduledFor, (counts.get(r.scheduledFor) ?? 0) + 1);
  return counts;
}

const steps = (times: string[]) => times.slice(1).map((t, i) => Date.parse(t) - Date.parse(times[i]!));

describe('schedules with real processes', () => {
  it('every 5 s with two agents: one run per fire time, none missing; kill -9 and restart of the control plane adds none twice', async () => {
    const cp = await controlPlane();
    const client = api(cp.url);
    await agent(cp.url, 'one');
    await agent(cp.url, 'two');
    // catchUp: the restarted control plane tries the latest fire time again, which the store must refuse.
    const id = await operation(client, { source: await search(client), schedule: { cron: '*/5 * * * * *', catchUp: true } });

    const before = await waitFor(async () => {
      const runs = await runsOf(client, id);
      return runs.length >= 3 ? runs : undefined;
    }, 'three scheduled runs', 25_000);
    expect(await stop(cp.child, 'SIGKILL')).toBe(null);
    const restarted = await controlPlane({ dataDir: cp.dataDir, port: cp.port });

    const firstAfter = Math.max(...before.map((r) => Date.parse(r.scheduledFor)));
    const all = await waitFor(async () => {
      const runs = await runsOf(client, id);
      return runs.filter((r) => Date.parse(r.scheduledFor) > firstAfter).length >= 2 ? runs : undefined;
    }, 'two scheduled runs after the restart', 25_000);
    expect(restarted.url).toBe(cp.url);

    expect(all.every((r) => r.trigger === 'schedule' && r.parentRunId === null)).toBe(true);
    expect([...perFireTime(all).values()].every((n) => n === 1)).toBe(true);
    const times = [...perFireTime(all).keys()].sort();
    // Before the kill and after the restart, fire times follow each other 5 s apart; only the downtime has a gap.
    const beforeKill = times.filter((t) => Date.parse(t) <= firstAfter);
    expect(steps(beforeKill).every((d) => d === 5000)).toBe(true);
    expect(steps(times.filter((t) => Date.parse(t) >= firstAfter)).every((d) => d % 5000 === 0)).toBe(true);
    for (const run of all.filter((r) => r.status !== 'skipped')) expect((await runEnded(client, run.id, 30_000)).status).toBe('succeeded');
  }, 70_000);

  it('a slow operation on a 2 s schedule: fire times that find it still running are skipped runs', async () => {
    const cp = await controlPlane();
    const client = api(cp.url);
    await agent(cp.url, 'one');
    await sandbox.faults.set({ latencyMs: 5000 });
    const source = await search(client);
    const id = await operation(client, { source, schedule: { cron: '*/2 * * * * *' } });
    const runs = await waitFor(async () => {
      const all = await runsOf(client, id);
      return all.some((r) => r.status === 'skipped') ? all : undefined;
    }, 'a skipped run', 20_000);
    const op = (await client('GET', `/api/v1/operations/${id}`)).body;
    await client('PUT', `/api/v1/operations/${id}`, { name: op.name, source, schedule: null });

    const skipped = runs.filter((r) => r.status === 'skipped');
    expect(skipped[0]).toMatchObject({ trigger: 'schedule', message: 'previous run still running', agent: null, startedAt: null });
    const ran = runs.filter((r) => r.status !== 'skipped');
    expect(ran).toHaveLength(1);
    expect(skipped.every((s) => s.scheduledFor > ran[0].scheduledFor)).toBe(true);
    expect([...perFireTime(runs).values()].every((n) => n === 1)).toBe(true);
  }, 40_000);

  it('timeoutS 2 on a slow run: failed with code timeout, and the agent takes the next run', async () => {
    const cp = await controlPlane();
    const client = api(cp.url);
    await agent(cp.url, 'solo', 1);
    await sandbox.faults.set({ latencyMs: 5000 });
    const source = await search(client);
    const slow = await operation(client, { source, options: { timeoutS: 2 } });
    const runId = (await client('POST', `/api/v1/operations/${slow}/runs`)).body.id;
    const run = await runEnded(client, runId, 20_000);
    expect(run).toMatchObject({ status: 'failed', code: 'timeout' });
    expect(Date.parse(run.finishedAt) - Date.parse(run.startedAt)).toBeGreaterThanOrEqual(2000);

    await sandbox.faults.clear();
    const next = await operation(client, { source });
    const nextRun = (await client('POST', `/api/v1/operations/${next}/runs`)).body.id;
    expect(await runEnded(client, nextRun, 20_000)).toMatchObject({ status: 'succeeded', agent: 'solo' });
  }, 40_000);

  it("actions: A's success runs B, a failure (here a timeout) runs C, each with its parent run", async () => {
    const cp = await controlPlane();
    const client = api(cp.url);
    await agent(cp.url, 'one');
    const source = await search(client);
    const b = await operation(client, { source });
    const c = await operation(client, { source });
    const a = await operation(client, { source, options: { onSuccess: b, onFailure: c } });
    const failing = await operation(client, { source, options: { timeoutS: 1, onSuccess: b, onFailure: c } });

    const aRun = (await client('POST', `/api/v1/operations/${a}/runs`)).body.id;
    expect((await runEnded(client, aRun)).status).toBe('succeeded');
    const bRun = await waitFor(async () => (await runsOf(client, b))[0], 'B to run');
    expect(bRun).toMatchObject({ trigger: 'action', parentRunId: aRun });
    expect((await runEnded(client, bRun.id)).status).toBe('succeeded');

    await sandbox.faults.set({ latencyMs: 4000 });
    const failRun = (await client('POST', `/api/v1/operations/${failing}/runs`)).body.id;
    expect(await runEnded(client, failRun)).toMatchObject({ status: 'failed', code: 'timeout' });
    const cRun = await waitFor(async () => (await runsOf(client, c))[0], 'C to run');
    expect(cRun).toMatchObject({ trigger: 'action', parentRunId: failRun });
    expect(await runsOf(client, b)).toHaveLength(1);
  }, 40_000);

  it('log "errors": a scheduled run that succeeds keeps its counts but not its record errors; a manual run keeps them', async () => {
    const cp = await controlPlane();
    const client = api(cp.url);
    const root = tempDir('rows');
    mkdirSync(join(root, 'in'));
    writeFileSync(join(root, 'in', 'rows.csv'), 'amount\n1\nlots\n3\n');
    running.push(await startAgent(cp.url, { args: ['--files-root', `rows=${root}`] }));
    const source = (await client('POST', '/api/v1/activities', { name: 'Rows', type: 'files', activity: 'read', root: 'rows', pattern: 'in/*.csv', format: 'csv' })).body.id;
    const body = { source, mapping: '{"n": $number(amount)}', options: { log: 'errors' } };
    const id = await operation(client, { ...body, schedule: { cron: '*/2 * * * * *' } });
    const scheduled = await waitFor(async () => (await runsOf(client, id)).find((r) => r.trigger === 'schedule' && r.status !== 'skipped'), 'a scheduled run');
    const op = (await client('GET', `/api/v1/operations/${id}`)).body;
    await client('PUT', `/api/v1/operations/${id}`, { name: op.name, ...body });

    expect(await runEnded(client, scheduled.id)).toMatchObject({ status: 'succeeded_with_errors', sourceRecords: 3, failedRecords: 1 });
    expect((await client('GET', `/api/v1/runs/${scheduled.id}/errors`)).body.errors).toEqual([]);
    const manual = (await client('POST', `/api/v1/operations/${id}/runs`)).body.id;
    expect(await runEnded(client, manual)).toMatchObject({ status: 'succeeded_with_errors', failedRecords: 1 });
    expect((await client('GET', `/api/v1/runs/${manual}/errors`)).body.errors.map((e: any) => [e.index, e.code])).toEqual([[1, 'mapping_error']]);
  }, 40_000);
});
