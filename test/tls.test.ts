import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane } from '../src/control-plane/control-plane.js';
import { createLogger } from '../src/logging/logger.js';
import { startAgent, stopAll, tempDir, waitFor, type AgentProcess } from './support/cluster.js';

// A private CA and a certificate for 127.0.0.1 it signed, made by openssl as an operator would.
const dir = tempDir('tls');
const pem = (name: string) => join(dir, name);
function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

let plane: ControlPlane;
const agents: AgentProcess[] = [];

beforeAll(async () => {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test Private CA');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=control-plane');
  writeFileSync(pem('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  plane = await ControlPlane.start({
    port: 0, host: '127.0.0.1', dataDir: join(dir, 'cp'), adminToken: 'adm', agentToken: 'agt', heartbeatMs: 10_000, leaseMs: 30_000,
    tls: { cert: readFileSync(pem('server.pem')), key: readFileSync(pem('server.key')) }, log: createLogger('control-plane', 'silent'),
  });
}, 60_000);
afterAll(async () => {
  await stopAll(...agents);
  await plane.close();
});

/** GET over HTTPS, trusting only the test CA. */
function get(path: string): Promise<any> {
  return new Promise((resolve, reject) => {
    request(`${plane.url}${path}`, { ca: readFileSync(pem('ca.pem')), headers: { Authorization: 'Bearer adm' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(JSON.parse(text)));
    }).on('error', reject).end();
  });
}

describe('the control plane over TLS', () => {
  it('serves HTTPS and WSS; an agent trusts its private CA through caFile', async () => {
    expect(plane.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const agent = await startAgent(plane.url, { token: 'agt', name: 'over-tls', args: ['--ca-file', pem('ca.pem')] });
    agents.push(agent);
    await waitFor(async () => (await get('/api/v1/agents')).some((a: any) => a.name === 'over-tls' && a.connected), 'the agent to connect over WSS');
  });

  it('is refused by an agent that does not trust the CA: certificate checks stay on', async () => {
    const agent = await startAgent(plane.url, { token: 'agt', name: 'no-ca' });
    agents.push(agent);
    await waitFor(() => /"code":"(SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)"/.test(agent.output()), 'the certificate to be refused');
    expect((await get('/api/v1/agents')).some((a: any) => a.name === 'no-ca')).toBe(false);
  });
});
