import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Updater } from '../src/agent/updater.js';
import { createConnector } from '../src/connectors/stripe/index.js';
import { ControlPlane } from '../src/control-plane/control-plane.js';
import { createLogger } from '../src/logging/logger.js';
import { tempDir } from './support/cluster.js';
import { runCli } from './support/process.js';

const keys = generateKeyPairSync('ed25519');
const dir = tempDir('updater');
let plane: ControlPlane;

beforeAll(async () => {
  const privateKey = join(dir, 'private.pem');
  writeFileSync(privateKey, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  plane = await ControlPlane.start({
    port: 0, host: '127.0.0.1', dataDir: join(dir, 'cp'), adminToken: 'adm', agentToken: 'agt', heartbeatMs: 10_000, leaseMs: 30_000,
    trustedKeys: [keys.publicKey], log: createLogger('control-plane', 'silent'),
  });
  for (const version of ['1.1.0', '1.1.3', '1.5.0']) {
    const file = join(dir, `${version}.json`);
    expect((await runCli(['connector', 'pack', '--version', version, '--key', privateKey, '--out', file])).code).toBe(0);
    const res = await fetch(`${plane.url}/api/v1/connectors`, { method: 'POST', headers: { Authorization: 'Bearer adm', 'Content-Type': 'application/json' }, body: readFileSync(file) });
    expect(res.status).toBe(201);
  }
}, 60_000);
afterAll(() => plane.close());

function updater(versions?: string) {
  return new Updater(createConnector(), {
    dataDir: tempDir('agent'), controlPlane: plane.url, token: 'agt', trustedKeys: [keys.publicKey],
    ...(versions ? { versions } : {}), connectorOptions: {}, log: createLogger('agent', 'silent'),
  });
}

describe('the updater', () => {
  it('takes the newest version within an operator’s pin, and then stays', async () => {
    const pinned = updater('~1.1');
    expect(await pinned.check(false)).toEqual({ status: 'updated', version: '1.1.3' });
    expect(pinned.connector.manifest.version).toBe('1.1.3');
    expect(await pinned.check(false)).toEqual({ status: 'current', version: '1.1.3' });
  });

  it('takes the newest version without a pin, and downloads nothing while the policy says no', async () => {
    const free = updater();
    expect(await free.check(true)).toEqual({ status: 'disabled by policy', version: '1.0.0' });
    expect(free.version).toBe('1.0.0');
    expect(await free.check(false)).toEqual({ status: 'updated', version: '1.5.0' });
  });

  it('skips an installed version made for another connector API, as it refuses one from the registry', async () => {
    const file = join(dir, 'api2.json');
    const pack = await runCli(['connector', 'pack', '--version', '1.9.0', '--connector-api', '^2.0.0', '--key', join(dir, 'private.pem'), '--out', file]);
    expect(pack.code, pack.stderr).toBe(0);
    const dataDir = tempDir('agent');
    mkdirSync(join(dataDir, 'connectors', 'stripe', '1.9.0'), { recursive: true });
    writeFileSync(join(dataDir, 'connectors', 'stripe', '1.9.0', 'bundle.json'), readFileSync(file));
    const installed = new Updater(createConnector(), { dataDir, controlPlane: plane.url, token: 'agt', trustedKeys: [keys.publicKey], connectorOptions: {}, log: createLogger('agent', 'silent') });
    await installed.loadInstalled();
    expect(installed.version).toBe('1.0.0');
  });

  it('refuses to use the agent token of nobody', async () => {
    const stranger = new Updater(createConnector(), {
      dataDir: tempDir('agent'), controlPlane: plane.url, token: 'not-a-token', trustedKeys: [keys.publicKey], connectorOptions: {}, log: createLogger('agent', 'silent'),
    });
    expect(await stranger.check(false)).toMatchObject({ status: 'failed', version: '1.0.0', reason: expect.stringMatching(/answered 401/) });
  });
});
