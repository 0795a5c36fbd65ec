import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane } from '../src/control-plane/control-plane.js';
import { createLogger } from '../src/logging/logger.js';
import { api, tempDir, type Api } from './support/cluster.js';

// What a review found when it tried the HTTP API as someone holding the admin token would.
const KEY = 'sk_test_StoredKeyNeverResent0123';
const SANDBOX = 'http://127.0.0.1:12111';
const OTHER_ALLOWED = 'http://127.0.0.1:12113';
let plane: ControlPlane;
let call: Api;
let connectionId: string;

beforeAll(async () => {
  plane = await ControlPlane.start({
    port: 0, host: '127.0.0.1', dataDir: join(tempDir('security-api'), 'cp'), adminToken: 'adm', agentToken: 'agt', heartbeatMs: 10_000, leaseMs: 30_000,
    allowedApiBases: [SANDBOX, OTHER_ALLOWED], log: createLogger('control-plane', 'silent'),
  });
  call = api(plane.url, 'adm');
  expect((await call('POST', '/api/v1/agent-groups', { name: 'other' })).status).toBe(201);
  const created = await call('POST', '/api/v1/connections', { name: 'Stored', apiKey: KEY, apiBase: SANDBOX });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  connectionId = created.body.id;
});
afterAll(() => plane.close());

describe('a stored key goes only where it was entered for', () => {
  it('asks for the key again when a test changes the API base or the group', async () => {
    const elsewhere = await call('POST', '/api/v1/connection-tests', { id: connectionId, apiBase: OTHER_ALLOWED });
    expect(elsewhere).toMatchObject({ status: 400, body: { error: { code: 'api_key_required', message: expect.stringMatching(/apiBase/) } } });
    const otherGroup = await call('POST', '/api/v1/connection-tests', { id: connectionId, agentGroup: 'other' });
    expect(otherGroup).toMatchObject({ status: 400, body: { error: { code: 'api_key_required', message: expect.stringMatching(/agentGroup/) } } });
    // The same values as stored, or a key typed again, are fine.
    expect((await call('POST', '/api/v1/connection-tests', { id: connectionId, apiBase: `${SANDBOX}/` })).status).toBe(202);
    expect((await call('POST', '/api/v1/connection-tests', { id: connectionId, agentGroup: 'other', apiKey: KEY })).status).toBe(202);
  });

  it('asks for the key again when a save changes the API base or the group', async () => {
    const moved = await call('PUT', `/api/v1/connections/${connectionId}`, { agentGroup: 'other' });
    expect(moved).toMatchObject({ status: 400, body: { error: { code: 'api_key_required' } } });
    const pointed = await call('PUT', `/api/v1/connections/${connectionId}`, { apiBase: OTHER_ALLOWED });
    expect(pointed).toMatchObject({ status: 400, body: { error: { code: 'api_key_required' } } });
    expect((await call('GET', `/api/v1/connections/${connectionId}`)).body.agentGroup).toBe('default');
    expect((await call('PUT', `/api/v1/connections/${connectionId}`, { name: 'Renamed' })).status).toBe(200);
  });

  it('allows only api.stripe.com and the API bases the operator listed', async () => {
    for (const apiBase of ['http://localhost:1', 'https://collector.example', 'http://127.0.0.1:12112']) {
      const redirected = await call('POST', '/api/v1/connection-tests', { id: connectionId, apiBase, apiKey: KEY });
      expect(redirected.status, apiBase).toBe(400);
      const refused = await call('POST', '/api/v1/connections', { name: `To ${apiBase.replace(/[/:]/g, '_')}`, apiKey: KEY, apiBase });
      expect(refused, apiBase).toMatchObject({ status: 400, body: { error: { code: 'api_base_not_allowed', message: expect.stringMatching(/--allowed-api-base/) } } });
      const test = await call('POST', '/api/v1/connection-tests', { name: 'Draft', apiKey: KEY, apiBase });
      expect(test.status, apiBase).toBe(400);
    }
    expect((await call('POST', '/api/v1/connections', { name: 'Real Stripe', apiKey: KEY })).status).toBe(201);
  });
});

describe('input that used to pass or fail with a 500', () => {
  it('refuses a job list limit that is not a whole number from 1 to 500', async () => {
    for (const limit of ['-1', '0', '1.5', 'abc', '501']) {
      const res = await call('GET', `/api/v1/jobs?limit=${limit}`);
      expect(res, limit).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', message: expect.stringMatching(/limit/) } } });
    }
    expect((await call('GET', '/api/v1/jobs?limit=2')).body.length).toBeLessThanOrEqual(2);
  });

  it('answers a malformed percent-escape in a path with a 400', async () => {
    const res = await call('GET', '/api/v1/connections/%E0%A4%A');
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_path' } } });
  });

  it('answers a JSON body nested thousands deep with a 400', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const res = await fetch(`${plane.url}/api/v1/connections`, { method: 'POST', headers: { Authorization: 'Bearer adm', 'Content-Type': 'application/json' }, body: deep });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_json', message: expect.stringMatching(/nested/) } });
    expect((await fetch(`${plane.url}/healthz`)).status).toBe(200);
  });

  it('refuses connection names that are too long, hold control or format characters, or look like / or :', async () => {
    const names = ['x'.repeat(900_000), 'a\u0000b', 'evil\u202Egpj.exe', 'a\uFF0Fb', 'a\u2215b', 'a\uFE13b', 'tab\there'];
    for (const name of names) {
      const res = await call('POST', '/api/v1/connections', { name, apiKey: KEY, apiBase: SANDBOX });
      expect([res.status, res.body.error?.code], JSON.stringify(name.slice(0, 20))).toEqual([400, 'invalid_input']);
    }
    const list = (await call('GET', '/api/v1/connections')).body as Array<{ name: string }>;
    expect(list.map((c) => c.name).sort()).toEqual(['Real Stripe', 'Renamed']);
  });
});
