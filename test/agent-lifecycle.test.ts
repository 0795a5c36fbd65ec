import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { EXIT_REFUSED, TRANSITIONS } from '../src/agent/lifecycle.js';
import { AGENT_TOKEN, api, metricsBase, scrape, startAgent, startControlPlane, stopAll, tempDir, waitFor, type AgentProcess, type ControlPlaneProcess } from './support/cluster.js';
import { runCli, stop } from './support/process.js';

const running: Array<AgentProcess | ControlPlaneProcess> = [];
afterAll(() => stopAll(...running));

describe('the agent lifecycle', () => {
  it('allows only the transitions of its table; stopped and failed are final', () => {
    expect(TRANSITIONS.stopped).toEqual([]);
    expect(TRANSITIONS.failed).toEqual([]);
    expect(TRANSITIONS.draining).not.toContain('connecting');
    for (const next of Object.values(TRANSITIONS).flat()) expect(Object.keys(TRANSITIONS)).toContain(next);
  });

  it('shows ready in /api/v1/agents, then stopped after a graceful stop', async () => {
    const cp = await startControlPlane();
    running.push(cp);
    const call = api(cp.url);
    const agent = await startAgent(cp.url, { name: 'lifecycle' });
    running.push(agent);
    await waitFor(async () => (await call('GET', '/api/v1/agents')).body.find((a: any) => a.name === 'lifecycle')?.state === 'ready', 'the agent to be ready');
    expect(await stop(agent.child)).toBe(0);
    const shown = (await call('GET', '/api/v1/agents')).body.find((a: any) => a.name === 'lifecycle');
    expect(shown).toMatchObject({ state: 'stopped', connected: false });
  });

  it('exits with its own status when its token is refused, and keeps retrying when the control plane is just away', async () => {
    const cp = await startControlPlane();
    running.push(cp);
    const refused = await runCli(['run', '--control-plane', cp.url, '--token', 'sat_revoked', '--data-dir', tempDir('agent')]);
    expect(refused.code).toBe(EXIT_REFUSED);
    expect(refused.stderr).toMatch(/refused this agent/);

    await stop(cp.child);
    const patient = await startAgent(cp.url, { name: 'patient', token: AGENT_TOKEN, args: ['--metrics-addr', '127.0.0.1:0'] });
    running.push(patient);
    const metrics = `${await metricsBase(patient)}/metrics`;
    // The first attempt and two reconnects, none of which got through.
    const away = await waitFor(async () => {
      const samples = await scrape(metrics);
      return (samples.get('stripe_agent_websocket_connect_attempts_total') ?? 0) >= 3 ? samples : undefined;
    }, 'two reconnect attempts');
    expect(away.get('stripe_agent_websocket_connects_total')).toBe(0);
    expect(away.get('stripe_agent_state{state="connecting"}')).toBe(1);
    expect(patient.child.exitCode).toBe(null);

    // Back on its address, the control plane sees the agent again without anyone restarting it.
    const back = await startControlPlane({ dataDir: cp.dataDir, port: cp.port });
    running.push(back);
    await waitFor(async () => (await api(back.url)('GET', '/api/v1/agents')).body.find((a: any) => a.name === 'patient')?.state === 'ready', 'the agent to come back', 45_000);
    expect((await scrape(metrics)).get('stripe_agent_websocket_connects_total')).toBe(1);
  }, 60_000);

  it('exits with its own status when the control plane refuses its protocol', async () => {
    // A control plane of a later major version, speaking the protocol by hand: it refuses every hello.
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(server, 'listening');
    server.on('connection', (ws) =>
      ws.on('message', () => {
        ws.send(JSON.stringify({ type: 'refused', reason: 'protocol 1.0.0 is incompatible with this control plane\'s 2.0.0; upgrade the agent' }));
        ws.close(1008, 'incompatible protocol');
      }),
    );
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const run = await runCli(['run', '--control-plane', url, '--token', 't', '--data-dir', tempDir('agent')]);
    server.close();
    expect(run.code).toBe(EXIT_REFUSED);
    expect(run.stderr).toMatch(/incompatible/);
  });
});
