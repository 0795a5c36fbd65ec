import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane } from '../src/control-plane/control-plane.js';
import { createLogger } from '../src/logging/logger.js';
import { ADMIN, api, scrape as scrapeUrl, startAgent, startControlPlane, stopAll, tempDir, waitFor, type AgentProcess, type ControlPlaneProcess } from './support/cluster.js';
import { stop } from './support/process.js';
import { startSandbox, testKey } from './support/sandbox.js';

const SANDBOX = 'http://127.0.0.1:12111';
let plane: ControlPlane;
const dataDir = join(tempDir('cp-metrics'), 'cp');

beforeAll(async () => {
  plane = await ControlPlane.start({
    port: 0, host: '127.0.0.1', dataDir, adminToken: 'adm', agentToken: 'agt', metricsToken: 'scraper',
    heartbeatMs: 10_000, leaseMs: 30_000, allowedApiBases: [SANDBOX], log: createLogger('control-plane', 'silent'),
  });
});
afterAll(() => plane.close());

/** The control plane's /metrics with `token`; a refusal fails the scrape. */
const scrape = (token: string) => scrapeUrl(`${plane.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });

describe('control plane metrics and readiness', () => {
  it('serves /metrics only with the admin token or the metrics token', async () => {
    expect((await fetch(`${plane.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${plane.url}/metrics`, { headers: { Authorization: 'Bearer agt' } })).status).toBe(401);
    await scrape('adm');
    await scrape('scraper');
  });

  it('shows queued jobs and the oldest one’s age by group, and HTTP requests by route and status', async () => {
    const call = api(plane.url, 'adm');
    const connectionId = (await call('POST', '/api/v1/connections', { name: 'S', apiKey: 'sk_test_metrics0000000001', apiBase: SANDBOX })).body.id;
    for (let i = 0; i < 3; i++) expect((await call('POST', '/api/v1/jobs', { connectionId, activity: 'read', object: 'customers', id: `cus_${i}` })).status).toBe(202);
    await call('GET', '/api/v1/jobs/job_none');
    const samples = await scrape('scraper');
    expect(samples.get('stripe_control_plane_jobs{group="default",status="queued"}')).toBe(3);
    expect(samples.get('stripe_control_plane_oldest_queued_job_age_seconds{group="default"}')).toBeGreaterThanOrEqual(0);
    expect(samples.get('stripe_control_plane_http_requests_total{route="/api/v1/jobs",method="POST",status="202"}')).toBe(3);
    expect(samples.get('stripe_control_plane_http_requests_total{route="/api/v1/jobs/{id}",method="GET",status="404"}')).toBe(1);
    expect(samples.get('stripe_control_plane_leases_expired_total')).toBe(0);
  });

  it('is ready while its store takes writes, and not while another process holds the store locked', async () => {
    const res = await fetch(`${plane.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true });

    // A sqlite3 shell left inside a write transaction: the store takes no write until it ends.
    const other = new Database(join(dataDir, 'control-plane.db'), { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    try {
      const locked = await fetch(`${plane.url}/readyz`);
      expect(locked.status).toBe(503);
      expect(await locked.json()).toEqual({ ready: false, reason: expect.stringMatching(/^the store is not writable: database is locked/) });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await fetch(`${plane.url}/readyz`)).status).toBe(200);
  });
});

describe('control plane metrics with an agent at work', () => {
  const running: Array<AgentProcess | ControlPlaneProcess> = [];
  afterAll(() => stopAll(...running));

  it('counts agents connected and running jobs by group, and a lease that expired when its agent died', async () => {
    const sandbox = await startSandbox();
    try {
      const cp = await startControlPlane({ apiBases: [sandbox.url], leaseMs: 1500, heartbeatMs: 300 });
      running.push(cp);
      const call = api(cp.url);
      const metrics = () => scrapeUrl(`${cp.url}/metrics`, { headers: { Authorization: `Bearer ${ADMIN}` } });
      expect((await metrics()).get('stripe_control_plane_agents_connected{group="default"}')).toBe(0);
      const agent = await startAgent(cp.url, { name: 'doomed', concurrency: 1 });
      running.push(agent);
      await waitFor(async () => (await metrics()).get('stripe_control_plane_agents_connected{group="default"}') === 1, 'the agent to be counted');

      const connectionId = (await call('POST', '/api/v1/connections', { name: 'Sandbox', apiKey: testKey(), apiBase: sandbox.url })).body.id;
      sandbox.faults.set({ latencyMs: 3000 });
      const job = (await call('POST', '/api/v1/jobs', { connectionId, activity: 'read', object: 'customers', id: 'cus_slow' })).body.id;
      await waitFor(async () => (await call('GET', `/api/v1/jobs/${job}`)).body.status === 'running', 'the job to run');
      const busy = await metrics();
      expect(busy.get('stripe_control_plane_jobs{group="default",status="running"}')).toBe(1);
      expect(busy.get('stripe_control_plane_leases_expired_total')).toBe(0);

      await stop(agent.child, 'SIGKILL');
      const after = await waitFor(async () => {
        const s = await metrics();
        return s.get('stripe_control_plane_leases_expired_total') === 1 ? s : undefined;
      }, 'the lease to expire');
      expect(after.get('stripe_control_plane_jobs{group="default",status="queued"}')).toBe(1);
      expect(after.get('stripe_control_plane_jobs{group="default",status="running"}')).toBeUndefined();
      expect(after.get('stripe_control_plane_agents_connected{group="default"}')).toBe(0);
    } finally {
      await sandbox.close();
    }
  });
});
