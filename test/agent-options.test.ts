import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_OPTIONS, resolveAgentOptions } from '../src/agent/options.js';
import { runCommand } from '../src/cli/run.js';
import { WebSocketServer } from 'ws';
import { agentUrl, ControlPlaneSession } from '../src/agent/session.js';
import { Backoff } from '../src/agent/backoff.js';
import { createLogger } from '../src/logging/logger.js';
import { waitFor } from './support/cluster.js';

function configFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'agent-config-')), 'agent.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('agent options', () => {
  it('has a flag for every option and an environment variable named after it', () => {
    const flags = runCommand().options.map((o) => o.long);
    for (const o of AGENT_OPTIONS) {
      expect(flags).toContain(`--${o.flag}`);
      expect(o.env).toBe(`STRIPE_AGENT_${o.flag.toUpperCase().replaceAll('-', '_')}`);
    }
  });

  it('takes a flag over the config file over the environment', () => {
    const file = configFile({ controlPlane: 'https://file:1', token: 'file-token', concurrency: 3 });
    const env = { STRIPE_AGENT_CONTROL_PLANE: 'https://env:1', STRIPE_AGENT_TOKEN: 'env-token', STRIPE_AGENT_NAME: 'env-name', STRIPE_AGENT_CONCURRENCY: '9' };
    expect(resolveAgentOptions({ controlPlane: 'https://flag:1' }, file, env)).toMatchObject({
      controlPlane: 'https://flag:1',
      token: 'file-token',
      name: 'env-name',
      concurrency: 3,
      drainMs: 60_000,
    });
    const tokenFile = join(mkdtempSync(join(tmpdir(), 'token-')), 'token');
    writeFileSync(tokenFile, 'from-file\n');
    expect(resolveAgentOptions({}, configFile({ controlPlane: 'https://x:1', tokenFile }), {}).token).toBe('from-file');
  });

  it('takes the token from a file given by flag or environment, over a token from a lower source', () => {
    const tokenFile = join(mkdtempSync(join(tmpdir(), 'token-')), 'token');
    writeFileSync(tokenFile, 'in-the-file\n');
    const base = { controlPlane: 'https://cp.example:1' };
    expect(resolveAgentOptions({ ...base, tokenFile }, undefined, { STRIPE_AGENT_TOKEN: 'env-token' }).token).toBe('in-the-file');
    expect(resolveAgentOptions(base, undefined, { STRIPE_AGENT_TOKEN_FILE: tokenFile }).token).toBe('in-the-file');
    expect(resolveAgentOptions({ ...base, token: 'flag-token' }, undefined, { STRIPE_AGENT_TOKEN_FILE: tokenFile }).token).toBe('flag-token');
    const empty = join(mkdtempSync(join(tmpdir(), 'token-')), 'token');
    writeFileSync(empty, '\n');
    expect(() => resolveAgentOptions({ ...base, tokenFile: empty }, undefined, {})).toThrow(/token file .* is empty/);
    expect(() => resolveAgentOptions(base, undefined, {})).toThrow(/token is not set: pass --token-file/);
  });

  it('refuses cleartext to a control plane on another host unless told it is a trusted network', () => {
    const token = { token: 't' };
    for (const url of ['http://10.0.0.5:8780', 'ws://cp.corp.example']) {
      expect(() => resolveAgentOptions({ ...token, controlPlane: url }, undefined, {})).toThrow(/cleartext .* --insecure-transport/);
      expect(resolveAgentOptions({ ...token, controlPlane: url, insecureTransport: true }, undefined, {}).controlPlane).toBe(url);
      expect(resolveAgentOptions({ ...token, controlPlane: url }, undefined, { STRIPE_AGENT_INSECURE_TRANSPORT: 'true' }).insecureTransport).toBe(true);
    }
    for (const url of ['http://127.0.0.1:8780', 'ws://localhost:1', 'http://[::1]:2', 'https://cp.corp.example']) {
      expect(resolveAgentOptions({ ...token, controlPlane: url }, undefined, {}).controlPlane).toBe(url);
    }
  });

  it('names what is missing or wrong, and where', () => {
    expect(() => resolveAgentOptions({}, undefined, { STRIPE_AGENT_TOKEN: 't' })).toThrow(
      'controlPlane is not set: pass --control-plane, set "controlPlane" in the config file, or set STRIPE_AGENT_CONTROL_PLANE',
    );
    expect(() => resolveAgentOptions({}, undefined, { STRIPE_AGENT_CONTROL_PLANE: 'https://x', STRIPE_AGENT_TOKEN: 't', STRIPE_AGENT_CONCURRENCY: 'many' })).toThrow(
      "STRIPE_AGENT_CONCURRENCY must be a whole number of 1 or more, not 'many'",
    );
    expect(() => resolveAgentOptions({}, configFile('{oops'), {})).toThrow(/is not valid/);
    expect(() => resolveAgentOptions({}, '/no/such/agent.json', {})).toThrow(/cannot read the config file \/no\/such\/agent.json/);
  });

  it('reaches the agents’ endpoint from any form of the control plane URL', () => {
    expect(agentUrl('http://cp:8780')).toBe('ws://cp:8780/api/v1/agent/connect');
    expect(agentUrl('https://cp.example.com')).toBe('wss://cp.example.com/api/v1/agent/connect');
    expect(agentUrl('wss://cp.example.com/custom')).toBe('wss://cp.example.com/custom');
    expect(() => agentUrl('ftp://cp')).toThrow(/must start with http:\/\/, https:\/\/, ws:\/\/ or wss:\/\//);
  });

  it('backs off with full jitter from 1 s to a 60 s cap, and starts over after a healthy minute', () => {
    const ceilings: number[] = [];
    const top = new Backoff(1000, 60_000, 60_000, () => 0.999999);
    for (let i = 0; i < 9; i++) ceilings.push(Math.round(top.nextDelay(0) / 1000));
    expect(ceilings).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(new Backoff(1000, 60_000, 60_000, () => 0).nextDelay(0)).toBe(0);
    top.connected(0);
    expect(Math.round(top.nextDelay(59_000) / 1000)).toBe(60);
    top.connected(100_000);
    expect(Math.round(top.nextDelay(160_000) / 1000)).toBe(1);
  });

  it('counts a connection as healthy after the span it was told, and then starts over', () => {
    const backoff = new Backoff(1000, 60_000, 60_000, () => 0.999999);
    for (let i = 0; i < 6; i++) backoff.nextDelay(0);
    backoff.healthyAfter(900);
    backoff.connected(0);
    expect(Math.round(backoff.nextDelay(500) / 1000)).toBe(60);
    backoff.connected(1000);
    expect(Math.round(backoff.nextDelay(2000) / 1000)).toBe(1);
  });

  it('a session welcomed and then dropped every few heartbeats reconnects without backing off further', async () => {
    // The control plane welcomes (heartbeat 20 ms) and the link drops 150 ms later, over and over,
    // as under heavy load; with the delay at half its ceiling, a growing back-off would wait 4 s by the fifth.
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    wss.on('connection', (ws) => {
      const ping = setInterval(() => ws.ping(), 10);
      ws.on('close', () => clearInterval(ping));
      setTimeout(() => ws.terminate(), 150);
    });
    const opens: number[] = [];
    const port = (wss.address() as { port: number }).port;
    const session: ControlPlaneSession = new ControlPlaneSession(`ws://127.0.0.1:${port}/`, 'sat_test', undefined, undefined, {
      onOpen: () => {
        opens.push(Date.now());
        session.setHeartbeat(20);
      },
      onDial: () => undefined,
      onMessage: () => undefined,
      onClose: () => undefined,
      onUnauthorized: () => undefined,
    }, createLogger('test', 'silent'), 20, new Backoff(1000, 60_000, 60_000, () => 0.5));
    const done = session.run();
    try {
      await waitFor(() => opens.length >= 5, 'five connections');
    } finally {
      session.stop();
      await done;
      await new Promise((resolve) => wss.close(resolve));
    }
    const gaps = opens.slice(1).map((t, i) => t - opens[i]!);
    expect(Math.max(...gaps)).toBeLessThan(2000);
  });
});
