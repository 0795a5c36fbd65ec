import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/server.js';
import { api, finished, startAgent, startControlPlane, stopAll, waitFor, type AgentProcess, type Api, type ControlPlaneProcess } from './support/cluster.js';
import { stop } from './support/process.js';
import { call as sandboxCall, startSandbox, testKey } from './support/sandbox.js';

let sandbox: Sandbox;
let cp: ControlPlaneProcess;
let agent: AgentProcess;
let client: Api;
let connectionId: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  cp = await startControlPlane({ apiBases: [sandbox.url] });
  client = api(cp.url);
  connectionId = (await client('POST', '/api/v1/connections', { name: 'Sandbox', apiKey: testKey(), apiBase: sandbox.url })).body.id;
  agent = await startAgent(cp.url, { name: 'patched-host', concurrency: 1 });
});
afterAll(async () => {
  await stopAll(agent, cp);
  await sandbox.close();
});

const shown = async () => (await client('GET', '/api/v1/agents')).body.find((a: any) => a.name === 'patched-host');
const create = async (n: number) => (await client('POST', '/api/v1/jobs', { connectionId, activity: 'create', object: 'customers', data: { email: `drain${n}@example.com` } })).body.id as string;

describe('drain from the control plane', () => {
  it('lets the running job finish, takes no new one, reports draining then drained, and resumes', async () => {
    await waitFor(async () => (await shown())?.state === 'ready', 'the agent to be ready');
    const { id } = await shown();
    await sandboxCall(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '1500' });
    const first = await create(1);
    await waitFor(async () => (await client('GET', `/api/v1/jobs/${first}`)).body.status === 'running', 'the first job to run');
    const second = await create(2);
    // Fetched ahead: at concurrency 1 the agent holds it until the first ends.
    await waitFor(async () => (await client('GET', `/api/v1/jobs/${second}`)).body.status === 'running', 'the second job to be fetched ahead');

    const drained = await client('POST', `/api/v1/agents/${id}/drain`);
    expect(drained).toMatchObject({ status: 202, body: { id, drainRequested: true } });
    await waitFor(async () => (await shown()).state === 'draining', 'the agent to report draining');
    expect((await client('GET', `/api/v1/jobs/${first}`)).body.status).toBe('running');
    await waitFor(async () => (await shown()).state === 'drained', 'the agent to report drained');
    expect((await client('GET', `/api/v1/jobs/${first}`)).body.status).toBe('succeeded');
    // Given back unstarted at the drain: queued again, its attempt not counted.
    expect((await client('GET', `/api/v1/jobs/${second}`)).body).toMatchObject({ status: 'queued', attempts: 0 });

    await sandboxCall(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '0' });
    expect((await client('POST', `/api/v1/agents/${id}/resume`)).body).toMatchObject({ drainRequested: false });
    const [job] = await finished(client, [second]);
    expect(job).toMatchObject({ status: 'succeeded', agent: 'patched-host' });
    await waitFor(async () => (await shown()).state === 'ready', 'the agent to be ready again');
  });

  it('ends at once a job fetched ahead and cancelled, while the one before it still runs', async () => {
    await waitFor(async () => (await shown())?.state === 'ready', 'the agent to be ready');
    await sandboxCall(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '1500' });
    const first = await create(3);
    await waitFor(async () => (await client('GET', `/api/v1/jobs/${first}`)).body.status === 'running', 'the first job to run');
    const second = await create(4);
    await waitFor(async () => (await client('GET', `/api/v1/jobs/${second}`)).body.status === 'running', 'the second job to be fetched ahead');
    expect((await client('POST', `/api/v1/jobs/${second}/cancel`)).status).toBe(200);
    const ended = (line: string) => line.includes(second) && line.includes('job finished');
    await waitFor(() => agent.output().split('\n').find(ended), 'the agent to end the cancelled job');
    expect(agent.output().split('\n').find(ended)).toContain('"code":"cancelled"');
    expect((await client('GET', `/api/v1/jobs/${first}`)).body.status).toBe('running');
    await sandboxCall(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '0' });
    expect((await finished(client, [first]))[0]).toMatchObject({ status: 'succeeded' });
    expect((await client('GET', `/api/v1/jobs/${second}`)).body.status).toBe('cancelled');
  });

  it('gives back a job fetched ahead once its slot goes to a longer job, and runs it after', async () => {
    await waitFor(async () => (await shown())?.state === 'ready', 'the agent to be ready');
    await sandboxCall(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '3000' });
    // While a create runs, the agent asks for a job ahead; none is queued, so the credit waits at the control plane.
    const [first] = await finished(client, [await create(5)]);
    expect(first.status).toBe('succeeded');
    const search = (await client('POST', '/api/v1/jobs', { connectionId, activity: 'search', object: 'customers', query: 'email~"drain"' })).body.id as string;
    await waitFor(async () => (await client('GET', `/api/v1/jobs/${search}`)).body.status === 'running', 'the search to run');
    // The next job goes to that credit, finds the search in the only slot, and comes back.
    const read = (await client('POST', '/api/v1/jobs', { connectionId, activity: 'read', object: 'customers', id: 'cus_missing' })).body.id as string;
    const given = (line: string) => line.includes(read) && line.includes('given back unstarted');
    await waitFor(() => agent.output().split('\n').find(given), 'the job fetched ahead to be given back');
    expect(agent.output().split('\n').find(given)).toContain('every slot runs a longer job');
    await waitFor(async () => (await client('GET', `/api/v1/jobs/${read}`)).body.status === 'queued', 'the job to be queued again');
    expect((await client('GET', `/api/v1/jobs/${search}`)).body.status).toBe('running');
    await sandboxCall(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '0' });
    const [searched, readJob] = await finished(client, [search, read]);
    expect(searched.status).toBe('succeeded');
    expect(readJob).toMatchObject({ status: 'failed', attempts: 1, agent: 'patched-host' });
  });

  it('stays drained across a restart of the agent until resumed', async () => {
    const plane = await startControlPlane({ apiBases: [sandbox.url] });
    const call = api(plane.url);
    let host: AgentProcess | undefined = await startAgent(plane.url, { name: 'restarted-host' });
    try {
      const mine = async () => (await call('GET', '/api/v1/agents')).body.find((a: any) => a.name === 'restarted-host');
      await waitFor(async () => (await mine())?.state === 'ready', 'the agent to be ready');
      const { id } = await mine();
      await call('POST', `/api/v1/agents/${id}/drain`);
      await waitFor(async () => (await mine()).state === 'drained', 'the agent to report drained');
      expect(await stop(host.child)).toBe(0);

      host = await startAgent(plane.url, { name: 'restarted-host', dataDir: host.dataDir });
      await waitFor(async () => (await mine()).state === 'drained' && (await mine()).connected, 'the restarted agent to be drained again');
      const conn = (await call('POST', '/api/v1/connections', { name: 'Restart', apiKey: testKey(), apiBase: sandbox.url })).body.id;
      const job = (await call('POST', '/api/v1/jobs', { connectionId: conn, activity: 'read', object: 'customers', id: 'cus_none' })).body.id;
      // It is the group's only agent: the job waits for the resume, and then runs on it.
      expect((await call('GET', `/api/v1/jobs/${job}`)).body.status).toBe('queued');
      await call('POST', `/api/v1/agents/${id}/resume`);
      const [ended] = await finished(call, [job]);
      expect(ended).toMatchObject({ status: 'failed', agent: 'restarted-host', error: { code: 'not_found' } });
    } finally {
      await stopAll(host, plane);
    }
  });

  it('answers 404 for an agent it does not know', async () => {
    expect((await client('POST', '/api/v1/agents/nobody/drain')).status).toBe(404);
  });
});
