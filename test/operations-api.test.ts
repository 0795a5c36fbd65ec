import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ControlPlane } from '../src/control-plane/control-plane.js';
import { createLogger } from '../src/logging/logger.js';
import { AGENT_PATH, PROTOCOL_VERSION } from '../src/protocol/messages.js';
import { ADMIN, AGENT_TOKEN, api, tempDir, waitFor, type Api } from './support/cluster.js';
import { unbatch } from './support/protocol.js';

let cp: ControlPlane;
let call: Api;
let connectionId: string;

beforeAll(async () => {
  cp = await ControlPlane.start({
    port: 0, host: '127.0.0.1', dataDir: tempDir('ops-api'), adminToken: ADMIN, agentToken: AGENT_TOKEN,
    heartbeatMs: 10_000, leaseMs: 30_000, allowedApiBases: ['http://127.0.0.1:9'], log: createLogger('control-plane', 'silent'),
  });
  call = api(cp.url);
  connectionId = (await call('POST', '/api/v1/connections', { name: 'Sandbox', apiKey: 'sk_test_opsapi000000000000', apiBase: 'http://127.0.0.1:9' })).body.id;
});
afterAll(async () => {
  await cp.close();
});

const search = (extra: Record<string, unknown> = {}) => ({ name: `Search ${Math.random()}`, type: 'stripe', connectionId, activity: 'search', object: 'customers', query: "email~'example.com'", ...extra });
const create = (extra: Record<string, unknown> = {}) => ({ name: `Create ${Math.random()}`, type: 'stripe', connectionId, activity: 'create', object: 'customers', ...extra });
const filesRead = (extra: Record<string, unknown> = {}) => ({ name: `Read ${Math.random()}`, type: 'files', activity: 'read', root: 'imports', pattern: 'in/*.csv', format: 'csv', ...extra });
const filesWrite = (extra: Record<string, unknown> = {}) => ({ name: `Write ${Math.random()}`, type: 'files', activity: 'write', root: 'exports', path: 'out/{operation}-{date}-{runId}.ndjson', format: 'ndjson', ...extra });

async function saved(definition: Record<string, unknown>): Promise<string> {
  const res = await call('POST', '/api/v1/activities', definition);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** Every refusal names its field as `field` and `param`. */
function refused(res: { status: number; body: any }, status: number, code: string, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error).toMatchObject({ code, field, param: field, message: expect.any(String) });
}

function failedWith(res: { status: number; body: any }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
}

describe('activities', () => {
  it('are saved, listed, read, replaced and deleted', async () => {
    const id = await saved(search({ name: 'Find customers', maxResults: 10 }));
    expect((await call('GET', `/api/v1/activities/${id}`)).body).toMatchObject({ id, name: 'Find customers', type: 'stripe', activity: 'search', maxResults: 10 });
    expect((await call('GET', '/api/v1/activities')).body.map((a: any) => a.id)).toContain(id);
    const replaced = await call('PUT', `/api/v1/activities/${id}`, search({ name: 'Find all customers' }));
    expect(replaced.body).toMatchObject({ name: 'Find all customers' });
    expect(replaced.body.maxResults).toBeUndefined();
    refused(await call('POST', '/api/v1/activities', search({ name: 'Find all customers' })), 409, 'duplicate_name', 'name');
    expect((await call('DELETE', `/api/v1/activities/${id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/activities/${id}`)).status).toBe(404);
  });

  it('refuse a bad definition naming the field', async () => {
    refused(await call('POST', '/api/v1/activities', search({ connectionId: 'conn_nope' })), 400, 'invalid_input', 'connectionId');
    refused(await call('POST', '/api/v1/activities', search({ object: 'widgets' })), 400, 'unknown_object', 'object');
    const query = await call('POST', '/api/v1/activities', search({ query: "email~'x' AND" }));
    refused(query, 400, 'invalid_query', 'query');
    expect(query.body.error.offset).toBeGreaterThan(0);
    refused(await call('POST', '/api/v1/activities', create({ object: 'prices', activity: 'delete' })), 400, 'unsupported_activity', 'activity');
    refused(await call('POST', '/api/v1/activities', create({ query: 'x' })), 400, 'invalid_input', 'query');
    refused(await call('POST', '/api/v1/activities', { ...create(), color: 'red' }), 400, 'invalid_input', 'color');
    refused(await call('POST', '/api/v1/activities', filesRead({ format: 'xml' })), 400, 'invalid_input', 'format');
    refused(await call('POST', '/api/v1/activities', filesRead({ pattern: undefined })), 400, 'invalid_input', 'pattern');
    refused(await call('POST', '/api/v1/activities', filesWrite({ path: 'out/{user}.csv' })), 400, 'invalid_input', 'path');
    refused(await call('POST', '/api/v1/activities', filesWrite({ afterRead: 'archive' })), 400, 'invalid_input', 'afterRead');
  });

  it("keep a Stripe read's object id as objectId apart from the saved activity's own id", async () => {
    const read = { name: `Read one ${Math.random()}`, type: 'stripe', connectionId, activity: 'read', object: 'customers' };
    const res = await call('POST', '/api/v1/activities', { ...read, objectId: 'cus_123' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^act_/), objectId: 'cus_123' });
    expect((await call('GET', `/api/v1/activities/${res.body.id}`)).body).toMatchObject({ id: res.body.id, objectId: 'cus_123' });
    // A definition still sending `id` (or the answer sent back whole) is told to use objectId.
    const old = await call('POST', '/api/v1/activities', { ...read, id: 'cus_123' });
    refused(old, 400, 'invalid_input', 'id');
    expect(old.body.error.message).toContain('objectId');
    refused(await call('PUT', `/api/v1/activities/${res.body.id}`, { ...read, id: res.body.id, objectId: 'cus_123' }), 400, 'invalid_input', 'id');
    refused(await call('POST', '/api/v1/activities', { ...read, name: 'No object' }), 400, 'invalid_input', 'objectId');
    refused(await call('POST', '/api/v1/activities', { ...read, objectId: 'cus/1' }), 400, 'invalid_input', 'objectId');
    refused(await call('POST', '/api/v1/activities', create({ objectId: 'cus_123' })), 400, 'invalid_input', 'objectId');
  });

  it('refuse a files path that leaves its root, at save time', async () => {
    for (const path of ['../etc/passwd', '/etc/passwd', 'out/../../x.csv', 'C:\\x.csv']) {
      refused(await call('POST', '/api/v1/activities', filesWrite({ path })), 400, 'path_escape', 'path');
    }
    refused(await call('POST', '/api/v1/activities', filesRead({ pattern: '../*.csv' })), 400, 'path_escape', 'pattern');
  });
});

describe('operations', () => {
  it('chain a source, a JSONata mapping and a target; refuse a bad chain naming the field', async () => {
    const source = await saved(filesRead());
    const target = await saved(create());
    const op = await call('POST', '/api/v1/operations', { name: 'Import', source, mapping: '{"email": email, "name": name}', target });
    expect(op.status, JSON.stringify(op.body)).toBe(201);
    expect(op.body).toMatchObject({ name: 'Import', source, target, mapping: '{"email": email, "name": name}', options: {} });

    refused(await call('POST', '/api/v1/operations', { name: 'Backwards', source: target, target: source }), 400, 'invalid_input', 'source');
    refused(await call('POST', '/api/v1/operations', { name: 'Two sources', source, target: source }), 400, 'invalid_input', 'target');
    refused(await call('POST', '/api/v1/operations', { name: 'Nothing', source: 'act_nope' }), 400, 'invalid_input', 'source');
    const syntax = await call('POST', '/api/v1/operations', { name: 'Bad mapping', source, target, mapping: '{"email": email,, }' });
    refused(syntax, 400, 'invalid_mapping', 'mapping');
    expect(syntax.body.error.position).toEqual(expect.any(Number));
    refused(await call('POST', '/api/v1/operations', { name: 'Import', source, target }), 409, 'duplicate_name', 'name');

    await call('POST', '/api/v1/agent-groups', { name: 'emea' });
    const emea = (await call('POST', '/api/v1/connections', { name: 'EMEA', apiKey: 'sk_test_emea00000000000000', apiBase: 'http://127.0.0.1:9', agentGroup: 'emea' })).body.id;
    const emeaSearch = await saved(search({ connectionId: emea }));
    refused(await call('POST', '/api/v1/operations', { name: 'Across groups', source: emeaSearch, target }), 400, 'invalid_input', 'target');

    failedWith(await call('DELETE', `/api/v1/activities/${source}`), 409, 'in_use');
  });

  it('keep an activity in use from turning into something that breaks its operation', async () => {
    const source = await saved(search());
    const target = await saved(filesWrite());
    await call('POST', '/api/v1/operations', { name: 'Export', source, target });
    refused(await call('PUT', `/api/v1/activities/${source}`, create()), 400, 'invalid_input', 'activity');
    const inUse = await call('DELETE', `/api/v1/activities/${source}`);
    expect(inUse).toMatchObject({ status: 409, body: { error: { code: 'in_use', operations: [expect.stringMatching(/^op_/)] } } });
    expect((await call('DELETE', `/api/v1/connections/${connectionId}`)).body.error).toMatchObject({ code: 'in_use', activities: expect.arrayContaining([expect.any(String)]) });
  });
});

describe('the mapping preview', () => {
  it('applies an expression to sample records; a null result skips the record', async () => {
    const res = await call('POST', '/api/v1/mappings/preview', {
      expression: 'amount > 100 ? {"email": $lowercase(email), "cents": amount * 100}',
      records: [{ email: 'A@Example.com', amount: 150 }, { email: 'b@example.com', amount: 5 }],
    });
    expect(res).toMatchObject({ status: 200, body: { results: [{ email: 'a@example.com', cents: 15000 }, null] } });
  });

  it('gives the position of a syntax error, and the record and position of an evaluation error', async () => {
    const syntax = await call('POST', '/api/v1/mappings/preview', { expression: '{"a": b', records: [{}] });
    refused(syntax, 400, 'invalid_mapping', 'expression');
    expect(syntax.body.error.position).toEqual(expect.any(Number));
    const failing = await call('POST', '/api/v1/mappings/preview', { expression: '$number(n) + 1', records: [{ n: '1' }, { n: 'x' }] });
    refused(failing, 400, 'mapping_error', 'expression');
    expect(failing.body.error).toMatchObject({ index: 1, position: expect.any(Number) });
  });
});

describe('runs', () => {
  it('wait, saying why, until an agent that declares the files root connects; then it is leased the run', async () => {
    const source = await saved(search());
    const target = await saved(filesWrite({ root: 'exports' }));
    const op = (await call('POST', '/api/v1/operations', { name: 'Export to files', source, target })).body;
    const started = await call('POST', `/api/v1/operations/${op.id}/runs`, { trigger: 'manual' });
    expect(started.status).toBe(202);
    const runId = started.body.id;
    const queued = (await call('GET', `/api/v1/runs/${runId}`)).body;
    expect(queued).toMatchObject({ id: runId, operationId: op.id, operation: 'Export to files', trigger: 'manual', status: 'queued', sourceRecords: null });
    expect(queued.message).toMatch(/no agent of the group 'default' is connected/);

    const jobs: any[] = [];
    const withoutRoot = await fakeAgent('agent_noroot', [], jobs);
    await waitFor(async () => /declares the files root 'exports'/.test((await call('GET', `/api/v1/runs/${runId}`)).body.message), 'the reason to name the root');
    expect(jobs).toEqual([]);

    const withRoot = await fakeAgent('agent_root', ['exports', 'imports'], jobs);
    const job = await waitFor(() => jobs.find((j) => j.jobId === runId), 'the run to reach the agent with the root');
    expect(job).toMatchObject({ activity: 'operation', input: { operation: { operationId: op.id, source: { id: source, type: 'stripe' }, target: { id: target, root: 'exports' } } } });
    expect(job.connections[connectionId]).toMatchObject({ apiKey: 'sk_test_opsapi000000000000' });
    expect(job.receivedBy).toBe('agent_root');
    const agents = (await call('GET', '/api/v1/agents')).body;
    expect(agents.find((a: any) => a.id === 'agent_root').roots).toEqual(['exports', 'imports']);
    expect((await call('GET', `/api/v1/runs/${runId}`)).body).toMatchObject({ status: 'running', startedAt: expect.any(String) });

    const listed = (await call('GET', `/api/v1/runs?operationId=${op.id}&limit=5`)).body;
    expect(listed.map((r: any) => r.id)).toEqual([runId]);
    const cancelled = await call('POST', `/api/v1/runs/${runId}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    failedWith(await call('POST', `/api/v1/runs/${runId}/cancel`), 409, 'not_cancellable');
    failedWith(await call('GET', `/api/v1/runs/${runId}/records`), 409, 'no_records');
    expect((await call('GET', `/api/v1/runs/${runId}/errors`)).body).toEqual({ errors: [], next: null });
    withoutRoot.close();
    withRoot.close();
  });
});

/** A hand-made agent over a real WebSocket: says hello with its roots, asks for work, keeps what it gets. */
async function fakeAgent(agentId: string, roots: string[], jobs: any[]): Promise<WebSocket> {
  const ws = new WebSocket(`${cp.url.replace('http', 'ws')}${AGENT_PATH}`, { headers: { Authorization: `Bearer ${AGENT_TOKEN}` } });
  await new Promise((resolve) => ws.on('open', resolve));
  ws.on('message', (data) => {
    for (const message of unbatch(JSON.parse(data.toString()))) {
      if (message.type === 'welcome') ws.send(JSON.stringify({ type: 'poll', slots: 2 }));
      if (message.type === 'job') jobs.push({ ...message, receivedBy: agentId });
    }
  });
  ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, agentId, name: agentId, version: '0.0.0', connectors: { stripe: '1.0.0' }, roots, concurrency: 2 }));
  return ws;
}
