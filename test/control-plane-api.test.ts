import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Sandbox } from '../src/sandbox/server.js';
import { AGENT_TOKEN, api, finished, startAgent, startControlPlane, stopAll, waitFor, type AgentProcess, type Api, type ControlPlaneProcess } from './support/cluster.js';
import { startSandbox } from './support/sandbox.js';

const KEY = 'sk_test_NeverShowThisKey0123456789';
let sandbox: Sandbox;
let cp: ControlPlaneProcess;
let agent: AgentProcess;
let call: Api;
let connectionId: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  cp = await startControlPlane({ apiBases: [sandbox.url] });
  call = api(cp.url);
  agent = await startAgent(cp.url);
  await waitFor(async () => (await call('GET', '/api/v1/agents')).body.some((a: any) => a.connected), 'the agent to connect');
  const created = await call('POST', '/api/v1/connections', { name: 'Stripe Sandbox', apiKey: KEY, apiBase: sandbox.url });
  expect(created.status).toBe(201);
  connectionId = created.body.id;
});
afterAll(async () => {
  await stopAll(agent, cp);
  await sandbox.close();
});

async function run(job: Record<string, unknown>) {
  const queued = await call('POST', '/api/v1/jobs', { connectionId, ...job });
  expect(queued.status, JSON.stringify(queued.body)).toBe(202);
  return (await finished(call, [queued.body.id]))[0];
}

describe('the control plane API with an agent behind it', () => {
  it('answers /healthz without a token and every /api route only with the admin token', async () => {
    expect((await fetch(`${cp.url}/healthz`)).status).toBe(200);
    const anonymous = await fetch(`${cp.url}/api/v1/connections`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(/admin token/) } });
    expect((await api(cp.url, 'wrong')('GET', '/api/v1/jobs')).status).toBe(401);
  });

  it("serves the console's modules and nothing else of its folder or beyond", async () => {
    const view = await fetch(`${cp.url}/console/views/connections.js`);
    expect(view.status).toBe(200);
    expect(view.headers.get('content-type')).toMatch(/^text\/javascript/);
    for (const path of ['/console/types.ts', '/console/types.d.ts', '/console/nothing.js', '/console/../../../package.json', '/console/%2e%2e/http/console.js', '/console/App.js']) {
      expect([path, (await fetch(`${cp.url}${path}`)).status]).toEqual([path, 404]);
    }
  });

  it('keeps connections with their keys masked, unique names, and no / or :', async () => {
    const list = await call('GET', '/api/v1/connections');
    expect(list.body).toEqual([expect.objectContaining({ id: connectionId, name: 'Stripe Sandbox', apiKey: 'sk_test_…6789', agentGroup: 'default' })]);
    // Each refusal names its field, so a form can show it beside that input.
    const taken = await call('POST', '/api/v1/connections', { name: 'Stripe Sandbox', apiKey: KEY });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'duplicate_name', field: 'name' } } });
    const slash = await call('POST', '/api/v1/connections', { name: 'a/b', apiKey: KEY });
    expect(slash).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', field: 'name' } } });
    const pk = await call('POST', '/api/v1/connections', { name: 'pk', apiKey: 'pk_test_123' });
    expect(pk.body.error).toMatchObject({ field: 'apiKey', message: expect.stringMatching(/publishable key/) });
    const http = await call('POST', '/api/v1/connections', { name: 'http', apiKey: KEY, apiBase: 'http://stripe.example.com' });
    expect(http.body.error).toMatchObject({ field: 'apiBase' });
    const group = await call('POST', '/api/v1/connections', { name: 'group', apiKey: KEY, agentGroup: 'nowhere' });
    expect(group.body.error).toMatchObject({ field: 'agentGroup', param: 'agentGroup' });
    const offList = await call('POST', '/api/v1/connections', { name: 'elsewhere', apiKey: KEY, apiBase: 'https://stripe.example.com' });
    expect(offList).toMatchObject({ status: 400, body: { error: { code: 'api_base_not_allowed', field: 'apiBase', param: 'apiBase' } } });

    const other = await call('POST', '/api/v1/connections', { name: 'Other', apiKey: 'sk_test_other000000000000', apiBase: sandbox.url });
    const renamed = await call('PUT', `/api/v1/connections/${other.body.id}`, { name: 'Renamed', useProxySettings: true });
    expect(renamed.body).toMatchObject({ name: 'Renamed', useProxySettings: true, apiKey: 'sk_test_…0000' });
    expect((await call('DELETE', `/api/v1/connections/${other.body.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/connections/${other.body.id}`)).status).toBe(404);
  });

  it('runs a connection test on an agent of the group', async () => {
    const queued = await call('POST', `/api/v1/connections/${connectionId}/test`);
    expect(queued.status).toBe(202);
    const [job] = await finished(call, [queued.body.jobId]);
    expect(job).toMatchObject({ status: 'succeeded', activity: 'test', agent: 'agent-1', connectorVersion: '1.0.0', attempts: 1 });
    expect(job.result).toMatchObject({ ok: true, mode: 'test', keyKind: 'secret' });
  });

  it('runs each activity', async () => {
    const created = await run({ activity: 'create', object: 'customers', data: { email: 'api@example.com', name: 'Api Person' } });
    expect(created).toMatchObject({ status: 'succeeded', result: { object: 'customer', email: 'api@example.com' } });
    const id = created.result.id;
    expect(await run({ activity: 'read', object: 'customers', id })).toMatchObject({ status: 'succeeded', result: { id } });
    expect(await run({ activity: 'update', object: 'customers', id, data: { phone: '+1555' } })).toMatchObject({ result: { phone: '+1555' } });
    expect(await run({ activity: 'delete', object: 'customers', id })).toMatchObject({ result: { deleted: true } });
    const missing = await run({ activity: 'read', object: 'customers', id });
    expect(missing).toMatchObject({ status: 'failed', error: { code: 'not_found', retryable: false } });
  });

  it('stores a search’s records as they stream and pages them', async () => {
    const key = KEY;
    for (let i = 0; i < 250; i++) {
      await fetch(`${sandbox.url}/v1/products`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `name=Paged+${i}&metadata[page]=yes`,
      });
    }
    const job = await run({ activity: 'search', object: 'products', query: "metadata['page']:'yes'" });
    expect(job).toMatchObject({ status: 'succeeded', result: { count: 250 } });
    const seen: string[] = [];
    let after: string | null = '0';
    while (after !== null) {
      const page: { body: { records: Array<{ name: string }>; next: string | null } } = await call('GET', `/api/v1/jobs/${job.id}/records?after=${after}&limit=100`);
      seen.push(...page.body.records.map((r) => r.name));
      after = page.body.next;
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect((await call('GET', `/api/v1/jobs/${job.id}/records?limit=1001`)).status).toBe(400);
  });

  it('refuses up front what the connector would refuse, with its code', async () => {
    const post = (job: Record<string, unknown>) => call('POST', '/api/v1/jobs', { connectionId, ...job });
    expect((await post({ activity: 'read', object: 'widgets', id: 'w' })).body.error.code).toBe('unknown_object');
    const query = await post({ activity: 'search', object: 'customers', query: 'email:jenny' });
    expect(query.body.error).toMatchObject({ code: 'invalid_query', offset: 6 });
    const price = await post({ activity: 'delete', object: 'prices', id: 'price_1' });
    expect(price).toMatchObject({ status: 400, body: { error: { code: 'unsupported_activity' } } });
    expect(price.body.error.message).toMatch(/archive instead/);
    expect((await post({ activity: 'launch', object: 'customers' })).status).toBe(400);
    expect((await call('POST', '/api/v1/jobs', { connectionId: 'conn_none', activity: 'read', object: 'customers', id: 'x' })).status).toBe(404);
  });

  it('lists agents, makes groups whose jobs run only on their own agents, and keeps the policy', async () => {
    const agents = await call('GET', '/api/v1/agents');
    expect(agents.body).toEqual([expect.objectContaining({ name: 'agent-1', group: 'default', connected: true, connectors: { stripe: '1.0.0' }, running: 0 })]);

    const group = await call('POST', '/api/v1/agent-groups', { name: 'emea' });
    expect(group).toMatchObject({ status: 201, body: { name: 'emea', token: expect.stringMatching(/^sat_/) } });
    expect((await call('GET', '/api/v1/agent-groups')).body.map((g: any) => g.name)).toEqual(['default', 'emea']);
    expect(await call('POST', '/api/v1/agent-groups', { name: 'emea' })).toMatchObject({ status: 409, body: { error: { code: 'duplicate_name', field: 'name' } } });
    expect(await call('POST', '/api/v1/agent-groups', { name: '-emea' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', field: 'name' } } });
    const emeaConnection = await call('POST', '/api/v1/connections', { name: 'EMEA', apiKey: KEY, apiBase: sandbox.url, agentGroup: 'emea' });
    const queued = await call('POST', `/api/v1/connections/${emeaConnection.body.id}/test`);
    // The default group's agent never takes it; the job waits for an agent of emea.
    const inUse = await call('DELETE', `/api/v1/connections/${emeaConnection.body.id}`);
    expect(inUse).toMatchObject({ status: 409, body: { error: { code: 'in_use', jobs: [queued.body.jobId] } } });
    expect((await call('GET', `/api/v1/jobs/${queued.body.jobId}`)).body.status).toBe('queued');
    const emeaAgent = await startAgent(cp.url, { token: group.body.token, name: 'emea-1' });
    try {
      const [job] = await finished(call, [queued.body.jobId]);
      expect(job).toMatchObject({ status: 'succeeded', agent: 'emea-1' });
    } finally {
      await stopAll(emeaAgent);
    }

    expect((await call('GET', '/api/v1/policy')).body).toEqual({ disableAutoConnectorUpdate: false });
    expect((await call('PUT', '/api/v1/policy', { disableAutoConnectorUpdate: true })).body).toEqual({ disableAutoConnectorUpdate: true });
    await waitFor(() => agent.output().includes('"disableAutoConnectorUpdate":true'), 'the policy to reach the agent');
    expect((await call('PUT', '/api/v1/policy', { disableAutoConnectorUpdate: 'yes' })).status).toBe(400);
  });

  it('cancels a running job at its agent', async () => {
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"latencyMs": 1000}' });
    try {
      const queued = await call('POST', '/api/v1/jobs', { connectionId, activity: 'read', object: 'customers', id: 'cus_missing' });
      await waitFor(async () => (await call('GET', `/api/v1/jobs/${queued.body.id}`)).body.status === 'running', 'the job to run');
      expect((await call('POST', `/api/v1/jobs/${queued.body.id}/cancel`)).body.status).toBe('cancelled');
      await waitFor(() => agent.output().includes(`"job":"${queued.body.id}","msg":"job cancelled by the control plane"`), 'the agent to hear of it');
      await waitFor(() => agent.output().includes(`"job":"${queued.body.id}","activity":"read","object":"customers","attempt":1,"status"`), 'the job to end at the agent');
      expect((await call('GET', `/api/v1/jobs/${queued.body.id}`)).body.status).toBe('cancelled');
    } finally {
      await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    }
  });

  it('cancels a queued job', async () => {
    const group = await call('POST', '/api/v1/agent-groups', { name: 'idle' });
    const conn = await call('POST', '/api/v1/connections', { name: 'Idle', apiKey: KEY, apiBase: sandbox.url, agentGroup: group.body.name });
    const queued = await call('POST', `/api/v1/connections/${conn.body.id}/test`);
    expect((await call('POST', `/api/v1/jobs/${queued.body.jobId}/cancel`)).body.status).toBe('cancelled');
    expect((await call('POST', `/api/v1/jobs/${queued.body.jobId}/cancel`)).status).toBe(409);
  });

  it('refuses unauthenticated, malformed and oversized WebSocket messages, logs them, and stays up', async () => {
    const url = `${cp.url.replace('http', 'ws')}/api/v1/agent/connect`;
    const unauthenticated = new WebSocket(url);
    const status = await new Promise<number>((resolve) => unauthenticated.on('unexpected-response', (_req, res) => resolve(res.statusCode!)));
    expect(status).toBe(401);

    const closeOf = (frame: string | Buffer) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${AGENT_TOKEN}` } });
        ws.on('open', () => ws.send(frame));
        ws.on('error', () => undefined);
        ws.on('close', (code) => resolve(code));
      });
    expect(await closeOf('{not json')).toBe(1008);
    expect(await closeOf(JSON.stringify({ type: 'poll', slots: 5 }))).toBe(1008);
    expect(await closeOf(JSON.stringify({ type: 'hello', protocol: '9.0.0', agentId: 'x', name: 'n', version: '1', connectors: {}, concurrency: 4 }))).toBe(1008);
    expect(await closeOf(Buffer.alloc(2 << 20, 'x'))).toBe(1009);
    await waitFor(() => /agent connection refused[\s\S]*message is not JSON[\s\S]*hello must come first[\s\S]*incompatible protocol/.test(cp.output()), 'the refusals in the log');
    expect((await fetch(`${cp.url}/healthz`)).status).toBe(200);
    expect((await call('GET', '/api/v1/agents')).body.find((a: any) => a.name === 'agent-1').connected).toBe(true);
  });

  it('never shows the API key: not in logs, database files or API answers', async () => {
    const secret = KEY.slice('sk_test_'.length, -4);
    expect(cp.output()).not.toContain(secret);
    expect(agent.output()).not.toContain(secret);
    for (const dir of [cp.dataDir, agent.dataDir]) {
      for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file)).includes(secret), `${dir}/${file}`).toBe(false);
    }
    for (const path of ['/api/v1/connections', '/api/v1/jobs?limit=500', '/api/v1/agents']) {
      expect(JSON.stringify((await call('GET', path)).body)).not.toContain(secret);
    }
  });
});
