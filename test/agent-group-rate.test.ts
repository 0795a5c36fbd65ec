import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/server.js';
import { Sandbox as SandboxServer } from '../src/sandbox/server.js';
import { api, finished, startAgent, startControlPlane, stopAll, waitFor, type AgentProcess, type ControlPlaneProcess } from './support/cluster.js';
import { call, testKey } from './support/sandbox.js';

/** The sandbox's own count of what it answered, by status. */
const answered = new Map<number, number>();
const total = () => [...answered.values()].reduce((a, b) => a + b, 0);

let sandbox: Sandbox;
/** As many as the measurements: long enough that the steady pace, not the start, decides the share of 429s. */
const JOBS = 300;

beforeAll(async () => {
  sandbox = await SandboxServer.start({ port: 0, onRequest: (r) => answered.set(r.status, (answered.get(r.status) ?? 0) + 1) });
});
afterAll(() => sandbox.close());

describe('an agent group shares each key’s rate budget', () => {
  it.each([2, 3])('%i agents on one key at Stripe’s test-mode limit: no job fails, and 429s stay under 1 %', async (count) => {
    const cp = await startControlPlane({ apiBases: [sandbox.url] });
    const agents: AgentProcess[] = [];
    try {
      for (let i = 1; i <= count; i++) agents.push(await startAgent(cp.url, { name: `agent-${i}`, concurrency: 8 }));
      const admin = api(cp.url);
      await waitFor(async () => (await admin('GET', '/api/v1/agents')).body.filter((a: any) => a.connected).length === count, `${count} agents to connect`);
      const connection = (await admin('POST', '/api/v1/connections', { name: `Shared-${count}`, apiKey: testKey(), apiBase: sandbox.url })).body;
      await call(sandbox, 'POST', '/_sandbox/faults', undefined, { rateLimit: '25', latencyMs: '50' });
      answered.clear();
      const ids: string[] = [];
      for (let i = 0; i < JOBS; i++) {
        const job = await admin('POST', '/api/v1/jobs', { connectionId: connection.id, activity: 'create', object: 'customers', data: { email: `group${i}@example.com` } });
        ids.push(job.body.id);
      }
      // One list call per look, not one per job: the sandbox shares this process, and its clock is what counts.
      const jobs = await waitFor(async () => {
        const listed = (await admin('GET', `/api/v1/jobs?limit=${JOBS}`)).body as Array<{ id: string; status: string }>;
        const mine = listed.filter((j) => ids.includes(j.id));
        return mine.length === ids.length && mine.every((j) => ['succeeded', 'failed', 'cancelled'].includes(j.status)) ? mine : undefined;
      }, `${ids.length} jobs to finish`, 90_000);
      await call(sandbox, 'DELETE', '/_sandbox/faults', undefined);

      expect(jobs.filter((j) => j.status !== 'succeeded')).toEqual([]);
      const tooMany = answered.get(429) ?? 0;
      expect(tooMany / total(), `${tooMany} of ${total()}`).toBeLessThanOrEqual(0.01);
      // Each agent did part of the work, and says how Stripe answered it.
      const ok = await waitFor(async () => {
        const listed = (await admin('GET', '/api/v1/agents')).body as Array<{ stripeRequests: Record<string, number> }>;
        const served = listed.map((a) => a.stripeRequests['200'] ?? 0);
        return served.reduce((a, b) => a + b, 0) >= JOBS ? served : undefined;
      }, 'the agents to report their Stripe requests');
      expect(ok.every((n) => n > 0), JSON.stringify(ok)).toBe(true);
    } finally {
      await call(sandbox, 'DELETE', '/_sandbox/faults', undefined);
      await stopAll(...agents, cp);
    }
  }, 180_000);
});

describe('a 429 never fails a job by itself', () => {
  let cp: ControlPlaneProcess;
  let agent: AgentProcess;

  beforeAll(async () => {
    cp = await startControlPlane({ apiBases: [sandbox.url] });
    agent = await startAgent(cp.url, { name: 'throttled' });
  });
  afterAll(() => stopAll(agent, cp));

  it('a job Stripe tells not to retry goes back to the queue, not counted as an attempt, and says it was throttled', async () => {
    const admin = api(cp.url);
    const key = testKey();
    const connection = (await admin('POST', '/api/v1/connections', { name: 'Throttled', apiKey: key, apiBase: sandbox.url })).body;
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { rateLimitNext: '1' });
    try {
      const { id } = (await admin('POST', '/api/v1/jobs', { connectionId: connection.id, activity: 'create', object: 'customers', data: { email: 'late@example.com' } })).body;
      const [job] = await finished(admin, [id]);
      expect(job).toMatchObject({ status: 'succeeded', attempts: 1, throttled: 1 });
      expect((await call(sandbox, 'GET', '/v1/customers', key, { email: 'late@example.com' })).body.data).toHaveLength(1);
    } finally {
      await call(sandbox, 'DELETE', '/_sandbox/faults', undefined);
    }
  }, 60_000);

  it('a connection may set its own limits, shown by the API and carried to the budget', async () => {
    const admin = api(cp.url);
    const created = await admin('POST', '/api/v1/connections', { name: 'Raised', apiKey: testKey(), apiBase: sandbox.url, rateLimit: 200 });
    expect(created.body).toMatchObject({ rateLimit: 200 });
    expect(created.body.searchRateLimit).toBeUndefined();
    const cleared = await admin('PUT', `/api/v1/connections/${created.body.id}`, { rateLimit: null, searchRateLimit: 40 });
    expect(cleared.body).toMatchObject({ searchRateLimit: 40 });
    expect(cleared.body.rateLimit).toBeUndefined();
    const bad = await admin('POST', '/api/v1/connections', { name: 'Bad', apiKey: testKey(), rateLimit: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/rateLimit must be a number of requests per second/);
  });
});
