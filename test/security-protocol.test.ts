import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ControlPlane } from '../src/control-plane/control-plane.js';
import { createLogger } from '../src/logging/logger.js';
import { AGENT_PATH, PROTOCOL_VERSION } from '../src/protocol/messages.js';
import { api, tempDir, waitFor, type Api } from './support/cluster.js';
import { unbatch } from './support/protocol.js';

// What a review found when it spoke the protocol as someone holding an agent token would.
const SANDBOX = 'http://127.0.0.1:12111';
let plane: ControlPlane;
let call: Api;
let otherToken: string;
let connectionId: string;

beforeAll(async () => {
  plane = await ControlPlane.start({
    port: 0, host: '127.0.0.1', dataDir: join(tempDir('security-protocol'), 'cp'), adminToken: 'adm', agentToken: 'agt', heartbeatMs: 10_000, leaseMs: 30_000,
    allowedApiBases: [SANDBOX], log: createLogger('control-plane', 'silent'),
  });
  call = api(plane.url, 'adm');
  otherToken = (await call('POST', '/api/v1/agent-groups', { name: 'other' })).body.token;
  connectionId = (await call('POST', '/api/v1/connections', { name: 'Held', apiKey: 'sk_test_heldJobs000000001', apiBase: SANDBOX })).body.id;
});
afterAll(() => plane.close());

/** A hand-driven agent: every frame it gets, and how its socket closed. */
async function peer(token = 'agt') {
  const ws = new WebSocket(`${plane.url.replace('http', 'ws')}${AGENT_PATH}`, { headers: { Authorization: `Bearer ${token}` } });
  const frames: any[] = [];
  let closed: { code: number; reason: string } | undefined;
  ws.on('message', (data) => frames.push(...unbatch(JSON.parse(data.toString()))));
  ws.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return {
    ws,
    frames,
    closed: () => closed,
    send: (message: unknown) => ws.send(JSON.stringify(message)),
    hello: (agentId: string, extra: Record<string, unknown> = {}) =>
      ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, agentId, name: agentId, version: '0.1.0', connectors: { stripe: '1.0.0' }, concurrency: 2, ...extra })),
  };
}

async function welcomed(agentId: string, token = 'agt') {
  const p = await peer(token);
  p.hello(agentId);
  await waitFor(() => p.frames.some((f) => f.type === 'welcome'), 'the welcome');
  return p;
}

const enqueue = async (n: number) => {
  for (let i = 0; i < n; i++) expect((await call('POST', '/api/v1/jobs', { connectionId, activity: 'read', object: 'customers', id: `cus_${i}` })).status).toBe(202);
};

describe('one agent token cannot stall the control plane or hoard work', () => {
  it('refuses a heartbeat with thousands of fake leases, answering none of them', async () => {
    const p = await welcomed('agent-flood');
    const leases = Array.from({ length: 27_000 }, (_, i) => ({ jobId: `job_${i}`, leaseId: 'l' }));
    p.send({ type: 'heartbeat', leases });
    await waitFor(() => p.closed(), 'the socket to close');
    expect(p.closed()!.code).toBe(1008);
    expect(p.frames.filter((f) => f.type === 'cancel')).toEqual([]);
  });

  it('answers a heartbeat only for jobs of its own group', async () => {
    const p = await welcomed('agent-strange-leases');
    p.send({ type: 'heartbeat', leases: [{ jobId: 'job_nobody', leaseId: 'l' }] });
    p.send({ type: 'poll', slots: 1 });
    await enqueue(1);
    await waitFor(() => p.frames.some((f) => f.type === 'job'), 'a job');
    expect(p.frames.filter((f) => f.type === 'cancel')).toEqual([]);
    const job = p.frames.find((f) => f.type === 'job');
    // A lease that is no longer its own is answered: the agent must stop that job.
    p.send({ type: 'heartbeat', leases: [{ jobId: job.jobId, leaseId: 'stale' }] });
    await waitFor(() => p.frames.some((f) => f.type === 'cancel' && f.jobId === job.jobId), 'the cancel');
    p.ws.close();
  });

  it('never holds more credit than the agent declared it can run', async () => {
    const p = await welcomed('agent-hoarder');
    p.send({ type: 'poll', slots: 200 });
    await enqueue(5);
    await waitFor(async () => (await call('GET', '/api/v1/jobs?limit=10')).body.filter((j: any) => j.status === 'queued').length === 3, 'two jobs leased');
    expect(p.frames.filter((f) => f.type === 'job')).toHaveLength(2);
    p.ws.close();
    await waitFor(() => p.closed(), 'the socket to close');
    for (const job of (await call('GET', '/api/v1/jobs?limit=100')).body) if (job.status !== 'succeeded') await call('POST', `/api/v1/jobs/${job.id}/cancel`);
  });

  it('cuts off a peer that floods it with messages, and stays up', async () => {
    const p = await welcomed('agent-chatty');
    const frame = JSON.stringify({ type: 'heartbeat', leases: [] });
    for (let i = 0; i < 30_000 && p.ws.readyState === WebSocket.OPEN; i++) p.ws.send(frame);
    await waitFor(() => p.closed(), 'the socket to close');
    expect(p.closed()).toEqual({ code: 1008, reason: expect.stringMatching(/too many messages/) });
    expect((await fetch(`${plane.url}/healthz`)).status).toBe(200);
  });
});

describe('an agent id stays with its token and its group', () => {
  it('refuses another group that says hello as an existing agent id, and keeps its name', async () => {
    const owner = await welcomed('agent-owned');
    owner.ws.close();
    const impostor = await peer(otherToken);
    impostor.hello('agent-owned', { name: 'impostor' });
    await waitFor(() => impostor.closed(), 'the impostor to be refused');
    expect(impostor.frames).toEqual([{ type: 'refused', reason: expect.stringMatching(/another agent group/) }]);
    const agent = (await call('GET', '/api/v1/agents')).body.find((a: any) => a.id === 'agent-owned');
    expect(agent).toMatchObject({ name: 'agent-owned', group: 'default' });
  });

  it('refuses a second hello on one socket', async () => {
    const p = await welcomed('agent-twice');
    p.hello('agent-twice', { name: 'renamed' });
    await waitFor(() => p.closed(), 'the socket to close');
    expect(p.closed()!.code).toBe(1008);
    expect((await call('GET', '/api/v1/agents')).body.find((a: any) => a.id === 'agent-twice').name).toBe('agent-twice');
  });

  it('keeps in the job history the name the agent had when it leased the job', async () => {
    const p = await welcomed('agent-named');
    p.send({ type: 'poll', slots: 1 });
    await enqueue(1);
    await waitFor(() => p.frames.some((f) => f.type === 'job'), 'a job');
    const job = p.frames.find((f) => f.type === 'job');
    p.ws.close();
    await waitFor(() => p.closed(), 'the socket to close');
    const renamed = await peer();
    renamed.hello('agent-named', { name: 'later-name' });
    await waitFor(() => renamed.frames.some((f) => f.type === 'welcome'), 'the welcome');
    expect((await call('GET', `/api/v1/jobs/${job.jobId}`)).body.agent).toBe('agent-named');
    renamed.ws.close();
  });
});
