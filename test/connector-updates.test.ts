import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBundle } from '../src/connectors/bundle.js';
import type { Sandbox } from '../src/sandbox/server.js';
import { AGENT_TOKEN, api, finished, startControlPlane, stopAll, tempDir, waitFor, type Api, type ControlPlaneProcess } from './support/cluster.js';
import { runCli, startCli, type Started } from './support/process.js';
import { startSandbox, testKey } from './support/sandbox.js';

const dir = tempDir('updates');
const trusted = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const pem = (key: KeyObject, file: string, type: 'pkcs8' | 'spki') => {
  writeFileSync(join(dir, file), key.export({ type, format: 'pem' }));
  return join(dir, file);
};
const trustedPublic = pem(trusted.publicKey, 'trusted.pub.pem', 'spki');
const trustedPrivate = pem(trusted.privateKey, 'trusted.pem', 'pkcs8');
const otherPublic = pem(other.publicKey, 'other.pub.pem', 'spki');
const otherPrivate = pem(other.privateKey, 'other.pem', 'pkcs8');

let sandbox: Sandbox;
let cp: ControlPlaneProcess;
let call: Api;
let connectionId: string;
const agents: Started[] = [];
const dataDirs: string[] = [];

async function publish(version: string, key = trustedPrivate, extra: string[] = []) {
  const file = join(dir, `stripe-${version}.json`);
  const packed = await runCli(['connector', 'pack', '--version', version, '--key', key, '--out', file, ...extra]);
  expect(packed.code, packed.stderr).toBe(0);
  const published = await runCli(['connector', 'publish', file, '--control-plane', cp.url, '--admin-token', 'sadm_test_admin_token']);
  expect(published.code, published.stderr).toBe(0);
}

async function test(): Promise<any> {
  const [job] = await finished(call, [(await call('POST', `/api/v1/connections/${connectionId}/test`)).body.jobId]);
  expect(job.status, JSON.stringify(job)).toBe('succeeded');
  return job;
}

const versions = async () => (await call('GET', '/api/v1/agents')).body.map((a: any) => a.connectors.stripe).sort();
const downloads = (version: string) => cp.output().split('\n').filter((l) => l.includes('connector bundle downloaded') && l.includes(`"version":"${version}"`)).length;

function startAgentWithKey(name: string, dataDir: string) {
  return startCli(['run', '--control-plane', cp.url, '--token', AGENT_TOKEN, '--name', name, '--data-dir', dataDir, '--trusted-key', trustedPublic], /"msg":"ready for work"/);
}

beforeAll(async () => {
  sandbox = await startSandbox();
  // The registry trusts both publishers; the agents trust only one.
  cp = await startControlPlane({ apiBases: [sandbox.url], args: ['--trusted-key', trustedPublic, '--trusted-key', otherPublic] });
  call = api(cp.url);
  for (const name of ['left', 'right']) {
    dataDirs.push(tempDir(`agent-${name}`));
    agents.push(await startAgentWithKey(name, dataDirs.at(-1)!));
  }
  connectionId = (await call('POST', '/api/v1/connections', { name: 'Sandbox', apiKey: testKey(), apiBase: sandbox.url })).body.id;
}, 60_000);
afterAll(async () => {
  await stopAll(...agents, cp);
  await sandbox.close();
});

describe('connector versions, as separate processes', () => {
  it('a test brings a published version to every agent of the group, without a restart', async () => {
    expect(await versions()).toEqual(['1.0.0', '1.0.0']);
    await publish('1.1.0');
    const job = await test();
    expect(job.connectorVersion).toBe('1.1.0');
    expect(job.result.connectorUpdate).toEqual({ status: 'updated', version: '1.1.0' });
    await waitFor(async () => (await versions()).join() === '1.1.0,1.1.0', 'both agents to run 1.1.0');
    expect(agents.every((a) => a.child.exitCode === null)).toBe(true);
  });

  it('with Disable Auto Connector Update on, nothing is downloaded; off again, the next test updates', async () => {
    await call('PUT', '/api/v1/policy', { disableAutoConnectorUpdate: true });
    await waitFor(() => agents.every((a) => a.output().includes('"disableAutoConnectorUpdate":true')), 'the policy to reach the agents');
    await publish('1.2.0');
    const held = await test();
    expect(held.connectorVersion).toBe('1.1.0');
    expect(held.result.connectorUpdate).toEqual({ status: 'disabled by policy', version: '1.1.0' });
    expect(downloads('1.2.0')).toBe(0);

    await call('PUT', '/api/v1/policy', { disableAutoConnectorUpdate: false });
    await waitFor(() => agents.every((a) => a.output().includes('"disableAutoConnectorUpdate":false')), 'the policy to reach the agents');
    expect((await test()).connectorVersion).toBe('1.2.0');
    await waitFor(async () => (await versions()).join() === '1.2.0,1.2.0', 'both agents to run 1.2.0');
  });

  it.each([
    ['one whose connectorApi range the agent does not meet', '1.3.0', async () => publish('1.3.0', trustedPrivate, ['--connector-api', '^2.0.0']), /stripe 1.3.0 refused: stripe 1.3.0 needs the connector API \^2.0.0; this agent offers 1.0.0/],
    [
      'a higher version that throws when loaded',
      '1.4.0',
      async () => {
        const bundle = makeBundle({ name: 'stripe', version: '1.4.0', connectorApi: '^1.0.0', entry: 'index.js' }, { 'index.js': Buffer.from('throw new Error("broken build");\n') }, trusted.privateKey);
        expect((await call('POST', '/api/v1/connectors', bundle)).status).toBe(201);
      },
      /stripe 1.4.0 refused: it failed to load: broken build/,
    ],
    ['a bundle signed with a key the agent does not trust', '1.5.0', async () => publish('1.5.0', otherPrivate), /stripe 1.5.0 refused: the signature of stripe 1.5.0 is not from a trusted key/],
  ])('refuses %s, keeps the version it has, and says why in /api/v1/agents', async (_name, _version, release, reason) => {
    await release();
    const job = await test();
    expect(job.connectorVersion).toBe('1.2.0');
    expect(job.result.connectorUpdate).toMatchObject({ status: 'failed', version: '1.2.0', reason: expect.stringMatching(reason) });
    await waitFor(async () => (await call('GET', '/api/v1/agents')).body.every((a: any) => reason.test(a.connectorError ?? '')), 'both agents to report why');
    expect(await versions()).toEqual(['1.2.0', '1.2.0']);
  });

  it('lets a job running during a swap finish on the old version, and a restarted agent start on the new one', async () => {
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"latencyMs": 1500}' });
    const before = (await versions())[0];
    try {
      const slow = (await call('POST', '/api/v1/jobs', { connectionId, activity: 'read', object: 'customers', id: 'cus_slow' })).body.id;
      await waitFor(async () => (await call('GET', `/api/v1/jobs/${slow}`)).body.status === 'running', 'the slow job to start');
      await publish('1.6.0');
      const swapped = await test();
      expect(swapped.connectorVersion).toBe('1.6.0');
      const [old] = await finished(call, [slow]);
      expect(old).toMatchObject({ status: 'failed', connectorVersion: before, error: { code: 'not_found' } });
      expect(before).not.toBe('1.6.0');
    } finally {
      await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    }
    await waitFor(async () => (await versions()).join() === '1.6.0,1.6.0', 'both agents to run 1.6.0');

    await stopAll(agents[0]);
    agents[0] = await startAgentWithKey('left', dataDirs[0]!);
    expect(agents[0].output()).toMatch(/"version":"1.6.0","msg":"connector loaded from the data dir"/);
    expect(downloads('1.6.0')).toBe(2);
  });

  it('refuses a bundle altered in the registry after it was verified there (the agent checks for itself)', async () => {
    await publish('1.7.0');
    const db = new Database(join(cp.dataDir, 'control-plane.db'));
    try {
      const bundle = JSON.parse(db.prepare("SELECT bundle FROM connector_versions WHERE version = '1.7.0'").pluck().get() as string);
      bundle.files['connectors/stripe/index.js'] = Buffer.from('export function createConnector() { return {}; }\n').toString('base64');
      db.prepare("UPDATE connector_versions SET bundle = ? WHERE version = '1.7.0'").run(JSON.stringify(bundle));
    } finally {
      db.close();
    }
    const job = await test();
    expect(job.connectorVersion).toBe('1.6.0');
    expect(job.result.connectorUpdate.reason).toMatch(/stripe 1.7.0 refused: the code of stripe 1.7.0 does not match its manifest's sha256: the bundle was altered/);
    expect(await versions()).toEqual(['1.6.0', '1.6.0']);
  });
});
