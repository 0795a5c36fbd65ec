import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { Outgoing } from '../src/control-plane/outgoing.js';
import type { ControlMessage } from '../src/protocol/messages.js';
import { waitFor } from './support/cluster.js';

// Which of an agent's messages go ahead of those that wait for the disk. The gateway's order on an
// agent's socket is in gateway-batches.test.ts.
let server: WebSocketServer;
let toAgent: WebSocket;
let agent: WebSocket;
const frames: any[] = [];

beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  agent = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
  agent.on('message', (data) => frames.push(JSON.parse(data.toString())));
  toAgent = await accepted;
});
afterAll(async () => {
  agent.close();
  await new Promise((resolve) => server.close(resolve));
});

const job = (jobId: string, activity: 'read' | 'create' = 'read'): ControlMessage => ({ type: 'job', jobId, leaseId: `lease_${jobId}`, leaseExpiresAt: 1, attempt: 1, activity, connection: {}, input: {} });
const ack = (jobId: string): ControlMessage => ({ type: 'ack', jobId, leaseId: `old_${jobId}`, accepted: true });
const names = (messages: ControlMessage[]) => messages.map((m) => ('jobId' in m ? `${m.type} ${m.jobId}` : m.type));

describe('Outgoing', () => {
  it('sends reads ahead of acks, but not of an ack of their own job, a write, or any other waiting message', async () => {
    const out = new Outgoing(true);
    for (const m of [ack('a'), job('b'), job('a'), job('c', 'create'), job('d')]) out.push(m);
    const first = out.take();
    expect(names(first.ahead)).toEqual(['job b']);
    // a's new lease waits behind the ack of its old one; the write pins what follows it.
    expect(names(first.rest)).toEqual(['ack a', 'job a', 'job c', 'job d']);

    const cancel = out.hold({ type: 'cancel', jobId: 'e' });
    out.push(job('e'));
    const second = out.take();
    expect(names(second.ahead)).toEqual([]);

    out.send(toAgent, first.ahead);
    out.release(toAgent, first.rest);
    out.release(toAgent, cancel);
    out.release(toAgent, second.rest);
    await waitFor(() => frames.length === 5, 'five frames');
    expect(frames.map((f) => (f.type === 'jobs' ? `jobs ${f.jobs.map((j: any) => j.jobId).join(' ')}` : `${f.type} ${(f.acks ?? [f])[0].jobId}`))).toEqual([
      'jobs b',
      'acks a',
      'jobs a c d',
      'cancel e',
      'jobs e',
    ]);
    // All released: nothing holds a read back, a's included.
    out.push(job('a'));
    out.push(job('f'));
    expect(names(out.take().ahead)).toEqual(['job a', 'job f']);
  });
});
