import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane } from '../src/control-plane/control-plane.js';
import { createLogger } from '../src/logging/logger.js';
import { ADMIN, AGENT_TOKEN, api, tempDir, type Api } from './support/cluster.js';

let cp: ControlPlane;
let call: Api;
let source: string;

beforeAll(async () => {
  cp = await ControlPlane.start({
    port: 0, host: '127.0.0.1', dataDir: tempDir('op-options'), adminToken: ADMIN, agentToken: AGENT_TOKEN,
    heartbeatMs: 10_000, leaseMs: 30_000, allowedApiBases: ['http://127.0.0.1:9'], log: createLogger('control-plane', 'silent'),
  });
  call = api(cp.url);
  const connectionId = (await call('POST', '/api/v1/connections', { name: 'Sandbox', apiKey: 'sk_test_opoptions00000000', apiBase: 'http://127.0.0.1:9' })).body.id;
  source = (await call('POST', '/api/v1/activities', { name: 'Search', type: 'stripe', connectionId, activity: 'search', object: 'customers', query: "email~'example.com'" })).body.id;
});
afterAll(async () => {
  await cp.close();
});

const save = (name: string, options: Record<string, unknown> = {}) => call('POST', '/api/v1/operations', { name, source, options });
const put = (id: string, name: string, options: Record<string, unknown>) => call('PUT', `/api/v1/operations/${id}`, { name, source, options });

function refused(res: { status: number; body: any }, code: string, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error).toMatchObject({ code, field, param: field, message: expect.any(String) });
}

describe('operation options', () => {
  it('take timeoutS from 1 to 86400 s and log as everything or errors', async () => {
    refused(await save('t0', { timeoutS: 0 }), 'invalid_input', 'options.timeoutS');
    refused(await save('t1', { timeoutS: 86_401 }), 'invalid_input', 'options.timeoutS');
    refused(await save('t2', { timeoutS: 2.5 }), 'invalid_input', 'options.timeoutS');
    refused(await save('l', { log: 'some' }), 'invalid_input', 'options.log');
    refused(await save('x', { retries: 3 }), 'invalid_input', 'options.retries');
    const ok = await save('Options', { timeoutS: 86_400, log: 'errors', failOnRecordErrors: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.options).toEqual({ timeoutS: 86_400, log: 'errors', failOnRecordErrors: true });
  });

  it('refuse an action that names no operation, and any chain of actions that comes back (A → B → C → A)', async () => {
    refused(await save('Nowhere', { onSuccess: 'op_missing' }), 'invalid_input', 'options.onSuccess');
    const a = (await save('A')).body.id;
    const b = (await save('B', { onSuccess: a })).body.id;
    const c = (await save('C', { onFailure: b })).body.id;
    refused(await put(a, 'A', { onSuccess: a }), 'action_loop', 'options.onSuccess');
    refused(await put(a, 'A', { onFailure: b }), 'action_loop', 'options.onFailure');
    const loop = await put(a, 'A', { onSuccess: c });
    refused(loop, 'action_loop', 'options.onSuccess');
    expect(loop.body.error.message).toContain("'A' → 'C' → 'B' → 'A'");
    // Nothing was saved by the refusals; a chain that ends is fine.
    expect((await call('GET', `/api/v1/operations/${a}`)).body.options).toEqual({});
    const d = (await save('D')).body.id;
    expect((await put(a, 'A', { onSuccess: d, onFailure: d })).status).toBe(200);
  });

  it('refuse to delete an operation that is another one\'s action, naming it', async () => {
    const target = (await save('Next step')).body.id;
    const caller = (await save('First step', { onFailure: target })).body.id;
    const res = await call('DELETE', `/api/v1/operations/${target}`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'in_use', operations: [caller] });
    expect((await call('DELETE', `/api/v1/operations/${caller}`)).status).toBe(204);
    expect((await call('DELETE', `/api/v1/operations/${target}`)).status).toBe(204);
  });
});
