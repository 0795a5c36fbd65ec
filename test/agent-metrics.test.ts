import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentMetrics, type AgentSnapshot } from '../src/agent/metrics.js';
import type { Sandbox } from '../src/sandbox/server.js';
import { api, finished, metricsBase, scrape as scrapeUrl, startAgent, startControlPlane, stopAll, tempDir, waitFor, type AgentProcess, type Api, type ControlPlaneProcess } from './support/cluster.js';
import { runEnded, saveOperation } from './support/operations.js';
import { stop } from './support/process.js';
import { call as sandboxCall, startSandbox, testKey } from './support/sandbox.js';

let sandbox: Sandbox;
let cp: ControlPlaneProcess;
let agent: AgentProcess;
let client: Api;
let connectionId: string;
let base: string;
let root: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  cp = await startControlPlane({ apiBases: [sandbox.url] });
  client = api(cp.url);
  connectionId = (await client('POST', '/api/v1/connections', { name: 'Sandbox', apiKey: testKey(), apiBase: sandbox.url })).body.id;
  root = tempDir('metrics-root');
  agent = await startAgent(cp.url, { name: 'observed', args: ['--metrics-addr', '127.0.0.1:0', '--files-root', `drop=${root}`] });
  base = await metricsBase(agent);
});
afterAll(async () => {
  await stopAll(agent, cp);
  await sandbox.close();
});

const scrape = () => scrapeUrl(`${base}/metrics`);
/** Scrapes until `ready` holds of what the agent reports. */
const scrapeUntil = (ready: (samples: Map<string, number>) => boolean, what: string) =>
  waitFor(async () => {
    const samples = await scrape();
    return ready(samples) ? samples : undefined;
  }, what);

describe('agent metrics and health', () => {
  it('counts jobs by activity and status as they run, with durations, slots and state', async () => {
    await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, 'the agent to be ready');
    const before = await scrape();
    expect(before.get('stripe_agent_state{state="ready"}')).toBe(1);
    expect(before.get('stripe_agent_slots')).toBe(4);
    expect(before.get('stripe_agent_websocket_connects_total')).toBe(1);
    expect(before.get('stripe_agent_connector_info{connector="stripe",version="1.0.0"}')).toBe(1);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await client('POST', '/api/v1/jobs', { connectionId, activity: 'create', object: 'customers', data: { email: `m${i}@example.com` } })).body.id);
    ids.push((await client('POST', '/api/v1/jobs', { connectionId, activity: 'read', object: 'customers', id: 'cus_missing' })).body.id);
    await finished(client, ids);
    const after = await scrapeUntil((s) => (s.get('stripe_agent_jobs_ended_total{activity="read",status="failed"}') ?? 0) >= 1, 'the counters to move');
    expect(after.get('stripe_agent_jobs_started_total{activity="create"}')).toBe(3);
    expect(after.get('stripe_agent_jobs_ended_total{activity="create",status="succeeded"}')).toBe(3);
    expect(after.get('stripe_agent_job_duration_seconds_count{activity="create"}')).toBe(3);
    expect(after.get('stripe_agent_outbox_results')).toBe(0);
    expect(after.get('stripe_agent_stripe_requests_total{status="200"}')).toBe(3);
    expect(after.get('stripe_agent_stripe_requests_total{status="404"}')).toBe(1);
  });

  it('counts operation runs by how they ended: succeeded, with errors, failed, cancelled', async () => {
    mkdirSync(join(root, 'in'));
    writeFileSync(join(root, 'in', 'amounts.csv'), 'amount\n100\nlots\n300\n');
    const rows = ['email'];
    for (let i = 0; i < 200; i++) rows.push(`run${i}@example.com`);
    writeFileSync(join(root, 'in', 'emails.csv'), `${rows.join('\n')}\n`);
    const csv = (pattern: string) => ({ name: `CSV ${Math.random()}`, type: 'files', activity: 'read', root: 'drop', pattern, format: 'csv' });
    const run = async (opId: string) => (await client('POST', `/api/v1/operations/${opId}/runs`, { trigger: 'manual' })).body.id as string;

    const clean = await runEnded(client, await run(await saveOperation(client, csv('in/amounts.csv'), undefined)));
    // A sample of a source is an operation job, but no run.
    const sampled = (await client('POST', '/api/v1/activities', csv('in/amounts.csv'))).body.id as string;
    const [sample] = await finished(client, [(await client('POST', `/api/v1/activities/${sampled}/samples`, {})).body.jobId as string]);
    expect(sample.status).toBe('succeeded');
    // "lots" is no number: that record fails, the others go through.
    const mixed = await runEnded(client, await run(await saveOperation(client, csv('in/amounts.csv'), undefined, '{"amount": $number(amount)}')));
    const refusedKey = (await client('POST', '/api/v1/connections', { name: 'Refused', apiKey: 'sk_live_notAKeyThisSandboxTakes0000', apiBase: sandbox.url })).body.id;
    const failed = await runEnded(client, await run(await saveOperation(client, { name: 'Refused search', type: 'stripe', connectionId: refusedKey, activity: 'search', object: 'customers', query: "email:'nobody@example.com'" }, undefined)));
    expect([clean.status, mixed.status, failed.status]).toEqual(['succeeded', 'succeeded_with_errors', 'failed']);

    await sandboxCall(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '100' });
    try {
      const long = await run(await saveOperation(client, csv('in/emails.csv'), { name: 'Create', type: 'stripe', connectionId, activity: 'create', object: 'customers' }, '{"email": email}'));
      await waitFor(async () => (await client('GET', `/api/v1/runs/${long}`)).body.status === 'running', 'the long run to start');
      expect((await client('POST', `/api/v1/runs/${long}/cancel`)).body.status).toBe('cancelled');
      const samples = await scrapeUntil((s) => s.get('stripe_agent_operation_runs_total{status="cancelled"}') === 1, 'the cancelled run to be counted');
      expect(samples.get('stripe_agent_operation_runs_total{status="succeeded"}')).toBe(1);
      expect(samples.get('stripe_agent_operation_runs_total{status="succeeded_with_errors"}')).toBe(1);
      expect(samples.get('stripe_agent_operation_runs_total{status="failed"}')).toBe(1);
      expect(samples.get('stripe_agent_jobs_ended_total{activity="operation",status="failed"}')).toBe(2);
      expect(samples.get('stripe_agent_jobs_ended_total{activity="operation",status="succeeded"}')).toBe(3);
    } finally {
      await sandboxCall(sandbox, 'DELETE', '/_sandbox/faults', undefined);
    }
  });

  it('answers /healthz while up, and /readyz 503 once the control plane goes away', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ ready: true, state: 'ready' });
    await stop(cp.child);
    await waitFor(async () => (await fetch(`${base}/readyz`)).status === 503, 'readyz to flip');
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ ready: false, state: 'connecting' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await scrape()).get('stripe_agent_websocket_connected')).toBe(0);
  });
});

describe('agent readiness', () => {
  const ready: AgentSnapshot = { state: 'ready', connected: true, slotsUsed: 0, slots: 4, outboxSize: 0, outboxOldestSeconds: 0, connectorVersion: '1.0.0' };
  const readiness = (change: Partial<AgentSnapshot>) => new AgentMetrics(() => ({ ...ready, ...change })).readiness();

  it('is ready only while ready, connected, and no result has waited five minutes for its acknowledgement', () => {
    expect(readiness({})).toEqual({ ready: true, state: 'ready' });
    expect(readiness({ outboxSize: 3, outboxOldestSeconds: 299 })).toEqual({ ready: true, state: 'ready' });
    expect(readiness({ outboxSize: 3, outboxOldestSeconds: 301 })).toMatchObject({ ready: false, reason: 'a result has waited 301 s for acknowledgement' });
    expect(readiness({ connected: false })).toMatchObject({ ready: false, reason: 'not connected to the control plane' });
    expect(readiness({ state: 'draining' })).toMatchObject({ ready: false, state: 'draining' });
  });
});
