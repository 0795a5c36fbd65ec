import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/server.js';
import { api, finished, startAgent, startControlPlane, stopAll, waitFor, type AgentProcess, type Api, type ControlPlaneProcess } from './support/cluster.js';
import { stop } from './support/process.js';
import { startSandbox, testKey } from './support/sandbox.js';

let sandbox: Sandbox;
let cp: ControlPlaneProcess;
let agent: AgentProcess;
let client: Api;
let connectionId: string;
let base: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  cp = await startControlPlane({ apiBases: [sandbox.url] });
  client = api(cp.url);
  connectionId = (await client('POST', '/api/v1/connections', { name: 'Sandbox', apiKey: testKey(), apiBase: sandbox.url })).body.id;
  agent = await startAgent(cp.url, { name: 'observed', args: ['--metrics-addr', '127.0.0.1:0'] });
  const addr = await waitFor(() => /"addr":"([^"]+)","msg":"metrics and health listening"/.exec(agent.output())?.[1], 'the metrics address');
  base = `http://${addr}`;
});
afterAll(async () => {
  await stopAll(agent, cp);
  await sandbox.close();
});

/** Prometheus' text format as `name{labels}` → value. */
async function scrape(): Promise<Map<string, number>> {
  const res = await fetch(`${base}/metrics`);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-z_:][a-z0-9_:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (m) samples.set(m[1]!, Number(m[2]));
  }
  return samples;
}

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
    const after = await waitFor(async () => {
      const s = await scrape();
      return (s.get('stripe_agent_jobs_ended_total{activity="read",status="failed"}') ?? 0) >= 1 ? s : undefined;
    }, 'the counters to move');
    expect(after.get('stripe_agent_jobs_started_total{activity="create"}')).toBe(3);
    expect(after.get('stripe_agent_jobs_ended_total{activity="create",status="succeeded"}')).toBe(3);
    expect(after.get('stripe_agent_job_duration_seconds_count{activity="create"}')).toBe(3);
    expect(after.get('stripe_agent_outbox_results')).toBe(0);
    expect(after.get('stripe_agent_stripe_requests_total{status="200"}')).toBe(3);
    expect(after.get('stripe_agent_stripe_requests_total{status="404"}')).toBe(1);
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
