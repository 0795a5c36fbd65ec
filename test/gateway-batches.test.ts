import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ControlPlane } from '../src/control-plane/control-plane.js';
import { createLogger } from '../src/logging/logger.js';
import { AGENT_PATH, PROTOCOL_VERSION } from '../src/protocol/messages.js';
import { api, tempDir, waitFor, type Api } from './support/cluster.js';

// The control plane batches what it sends an agent of protocol 1.1 (several jobs per `jobs`, several
// acks per `acks`), sends an older agent one message each, and spends credit only on jobs it sent;
// it leases samples only to agents of 1.2, which read no more of a source than a sample asks.
const SANDBOX = 'http://127.0.0.1:12111';
let plane: ControlPlane;
let call: Api;
let dataDir: string;
let connectionId: string;

beforeAll(async () => {
  dataDir = join(tempDir('gateway-batches'), 'cp');
  plane = await ControlPlane.start({
    port: 0, host: '127.0.0.1', dataDir, adminToken: 'adm', agentToken: 'agt', heartbeatMs: 10_000, leaseMs: 30_000,
    allowedApiBases: [SANDBOX], log: createLogger('control-plane', 'silent'),
  });
  call = api(plane.url, 'adm');
  connectionId = (await call('POST', '/api/v1/connections', { name: 'Batches', apiKey: 'sk_test_batchesJobs00000001', apiBase: SANDBOX })).body.id;
});
afterAll(() => plane.close());

/** A hand-driven agent of a given protocol version: every frame it gets, as sent. */
async function agent(agentId: string, concurrency: number, protocol = PROTOCOL_VERSION, roots: string[] = []) {
  const ws = new WebSocket(`${plane.url.replace('http', 'ws')}${AGENT_PATH}`, { headers: { Authorization: 'Bearer agt' } });
  const frames: any[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'hello', protocol, agentId, name: agentId, version: '0.1.0', connectors: { stripe: '1.0.0' }, concurrency, roots }));
  await waitFor(() => frames.some((f) => f.type === 'welcome'), 'the welcome');
  return { ws, frames, send: (message: unknown) => ws.send(JSON.stringify(message)) };
}

const enqueue = async (n: number) => {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await call('POST', '/api/v1/jobs', { connectionId, activity: 'read', object: 'customers', id: `cus_${i}` })).body.id);
  return ids;
};

const cancelAll = async () => {
  for (const job of (await call('GET', '/api/v1/jobs?limit=500')).body) if (job.status === 'queued' || job.status === 'running') await call('POST', `/api/v1/jobs/${job.id}/cancel`);
};

describe('the batched protocol', () => {
  it('sends an agent of protocol 1.1 the jobs of one dispatch in one message, and its acks in acks messages', async () => {
    const ids = await enqueue(4);
    const a = await agent('agent-batched', 4);
    a.send({ type: 'poll', slots: 4 });
    const batch = await waitFor(() => a.frames.find((f) => f.type === 'jobs'), 'the jobs');
    expect(batch.jobs.map((j: any) => j.jobId)).toEqual(ids);
    expect(new Set(batch.jobs.map((j: any) => j.leaseId)).size).toBe(4);
    expect(a.frames.filter((f) => f.type === 'job')).toEqual([]);

    for (const job of batch.jobs) a.send({ type: 'result', jobId: job.jobId, leaseId: job.leaseId, status: 'succeeded', result: { id: job.input.id }, connectorVersion: '1.0.0' });
    const acked = () => a.frames.filter((f) => f.type === 'acks').flatMap((f) => f.acks);
    await waitFor(() => acked().length === 4, 'four acks');
    expect(acked().map((ack: any) => ack.jobId).sort()).toEqual([...ids].sort());
    expect(acked().every((ack: any) => ack.accepted)).toBe(true);
    expect(a.frames.filter((f) => f.type === 'ack')).toEqual([]);
    for (const id of ids) expect((await call('GET', `/api/v1/jobs/${id}`)).body.status).toBe('succeeded');
    a.ws.close();
  });

  it('sends a read at once, ahead of the acks that wait for the disk; a write waits behind them', async () => {
    await cancelAll();
    const [first, read] = await enqueue(2);
    const write = (await call('POST', '/api/v1/jobs', { connectionId, activity: 'create', object: 'customers', data: { email: 'ahead@example.com' } })).body.id;
    const a = await agent('agent-ahead', 1);
    // The result and the next poll in one write, so that they arrive in one turn.
    const socket = (a.ws as unknown as { _socket: import('node:net').Socket })._socket;
    const finishAndPoll = (job: any) => {
      socket.cork();
      a.send({ type: 'result', jobId: job.jobId, leaseId: job.leaseId, status: 'succeeded', connectorVersion: '1.0.0' });
      a.send({ type: 'poll', slots: 1 });
      socket.uncork();
    };
    a.send({ type: 'poll', slots: 1 });
    const jobs = () => a.frames.filter((f) => f.type === 'jobs').map((f) => f.jobs[0]);
    await waitFor(() => jobs().length === 1, 'the first job');
    expect(jobs()[0].jobId).toBe(first);

    finishAndPoll(jobs()[0]);
    await waitFor(() => a.frames.filter((f) => f.type === 'acks').length === 1, 'the first ack');
    finishAndPoll(jobs()[1]);
    await waitFor(() => a.frames.filter((f) => f.type === 'acks').length === 2 && jobs().length === 3, 'the second ack and the write');
    const order = a.frames.filter((f) => f.type === 'jobs' || f.type === 'acks').map((f) => (f.type === 'jobs' ? f.jobs[0].jobId : `ack ${f.acks[0].jobId}`));
    expect(order).toEqual([first, read, `ack ${first}`, `ack ${read}`, write]);
    a.ws.close();
    await cancelAll();
  });

  it('sends an agent of protocol 1.0 one job per message and one ack per result', async () => {
    const ids = await enqueue(2);
    const a = await agent('agent-older', 2, '1.0.0');
    a.send({ type: 'poll', slots: 2 });
    await waitFor(() => a.frames.filter((f) => f.type === 'job').length === 2, 'two jobs');
    expect(a.frames.filter((f) => f.type === 'job').map((j) => j.jobId)).toEqual(ids);
    for (const job of a.frames.filter((f) => f.type === 'job')) a.send({ type: 'result', jobId: job.jobId, leaseId: job.leaseId, status: 'succeeded', connectorVersion: '1.0.0' });
    await waitFor(() => a.frames.filter((f) => f.type === 'ack').length === 2, 'two acks');
    expect(a.frames.some((f) => f.type === 'jobs' || f.type === 'acks')).toBe(false);
    a.ws.close();
  });
});

/** Resolves once the control plane has read everything sent on `ws` before: its pong comes after. */
const flushed = (ws: WebSocket) => new Promise((resolve) => ws.once('pong', resolve).ping());

describe('credit', () => {
  it('serves every free slot of the group before a job fetched ahead, which it renews with the rest', async () => {
    await cancelAll();
    const busy = await agent('agent-busy', 1);
    const idle = await agent('agent-idle', 1);
    expect(busy.frames.find((f) => f.type === 'welcome').settings.prefetch).toBe(1);
    busy.send({ type: 'poll', slots: 1 });
    await flushed(busy.ws);
    const [running] = await enqueue(1);
    const first = (await waitFor(() => busy.frames.find((f) => f.type === 'jobs'), 'the busy agent\'s job')).jobs[0];
    expect(first.jobId).toBe(running);

    busy.send({ type: 'poll', slots: 1, prefetch: true });
    idle.send({ type: 'poll', slots: 1 });
    await Promise.all([flushed(busy.ws), flushed(idle.ws)]);
    const [next] = await enqueue(1);
    const taken = await waitFor(() => idle.frames.find((f) => f.type === 'jobs'), 'the idle agent\'s job');
    expect(taken.jobs[0].jobId).toBe(next);
    expect(busy.frames.filter((f) => f.type === 'jobs')).toHaveLength(1);

    // With no free slot asking, the prefetch is served: the busy agent holds two leases at concurrency 1.
    const [ahead] = await enqueue(1);
    const fetched = await waitFor(() => busy.frames.filter((f) => f.type === 'jobs')[1], 'the job fetched ahead');
    expect(fetched.jobs[0]).toMatchObject({ jobId: ahead, prefetch: true });
    expect(taken.jobs[0].prefetch).toBeUndefined();
    busy.send({ type: 'heartbeat', leases: [first, fetched.jobs[0]].map((j) => ({ jobId: j.jobId, leaseId: j.leaseId })) });
    // A reply of a later turn: the heartbeat was taken, not refused.
    busy.send({ type: 'result', jobId: first.jobId, leaseId: first.leaseId, status: 'succeeded', connectorVersion: '1.0.0' });
    await waitFor(() => busy.frames.some((f) => f.type === 'acks'), 'the ack of a later turn');
    expect(busy.ws.readyState).toBe(WebSocket.OPEN);
    expect(busy.frames.some((f) => f.type === 'cancel')).toBe(false);
    // A third is one too many.
    busy.send({ type: 'heartbeat', leases: [first, fetched.jobs[0], taken.jobs[0]].map((j) => ({ jobId: j.jobId, leaseId: j.leaseId })) });
    const code = await new Promise((resolve) => busy.ws.once('close', resolve));
    expect(code).toBe(1008);
    idle.ws.close();
    await cancelAll();
  });


  it('is not spent on a job whose connection is gone: the agent gets the next job instead', async () => {
    await cancelAll();
    // A job whose connection no longer exists, queued ahead of a good one (written to the store as an older release could leave it).
    const db = new Database(join(dataDir, 'control-plane.db'));
    db.prepare(`INSERT INTO jobs (id, connection_id, agent_group, activity, object, input, status, created_at) VALUES ('job_orphan', 'conn_gone', 'default', 'read', 'customers', '{"id":"cus_x"}', 'queued', 1)`).run();
    db.close();
    const [good] = await enqueue(1);
    const a = await agent('agent-credit', 1);
    a.send({ type: 'poll', slots: 1 });
    const batch = await waitFor(() => a.frames.find((f) => f.type === 'jobs'), 'a job');
    expect(batch.jobs.map((j: any) => j.jobId)).toEqual([good]);
    expect((await call('GET', '/api/v1/jobs/job_orphan')).body).toMatchObject({ status: 'failed', error: { code: 'invalid_input' } });
    a.ws.close();
  });

  it('leases a sample of a source only to an agent of protocol 1.2 or later: an older one would read it all', async () => {
    const source = (await call('POST', '/api/v1/activities', { name: 'Inbox CSV', type: 'files', activity: 'read', root: 'inbox', pattern: '*.csv', format: 'csv' })).body.id;
    const sample = (await call('POST', `/api/v1/activities/${source}/samples`, { limit: 2 })).body.jobId as string;
    const [read] = await enqueue(1);
    const older = await agent('agent-1.1', 2, '1.1.0', ['inbox']);
    older.send({ type: 'poll', slots: 2 });
    // The sample came first, yet the older agent gets only the read.
    const got = await waitFor(() => older.frames.find((f) => f.type === 'jobs'), 'the older agent\'s jobs');
    expect(got.jobs.map((j: any) => j.jobId)).toEqual([read]);
    // Its job says why: the one agent with the root speaks 1.1.
    expect((await call('GET', `/api/v1/jobs/${sample}`)).body).toMatchObject({
      status: 'queued',
      message: expect.stringMatching(/agent\(s\) of the group 'default' that declare 'inbox' speak a protocol older than 1\.2\.0.*upgrade one of them/),
    });

    const current = await agent('agent-1.2', 2, PROTOCOL_VERSION, ['inbox']);
    current.send({ type: 'poll', slots: 2 });
    const taken = await waitFor(() => current.frames.find((f) => f.type === 'jobs'), 'the sample');
    expect(taken.jobs.map((j: any) => [j.jobId, j.input.operation.sample])).toEqual([[sample, 2]]);
    older.ws.close();
    current.ws.close();
    await cancelAll();
  });
});
