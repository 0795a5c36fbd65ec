import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../src/agent/outbox.js';
import { ControlPlane } from '../src/control-plane/control-plane.js';
import { createLogger } from '../src/logging/logger.js';
import { tempDir } from './support/cluster.js';

/** The permission bits of each of a database's files that exist. */
function modes(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) out[file.slice(path.length) || 'db'] = (statSync(file).mode & 0o777).toString(8);
  return out;
}

/** A data dir that already exists, readable by everyone, as an operator might have made it. */
function openDir(): string {
  const dir = tempDir('modes');
  chmodSync(dir, 0o755);
  return dir;
}

describe('database files hold customer data: only their owner reads them', () => {
  it('makes the control plane database 0600 in a data dir that others can read', async () => {
    const dir = openDir();
    const plane = await ControlPlane.start({ port: 0, host: '127.0.0.1', dataDir: dir, adminToken: 'adm', agentToken: 'agt', heartbeatMs: 10_000, leaseMs: 30_000, log: createLogger('control-plane', 'silent') });
    await fetch(`${plane.url}/api/v1/agent-groups`, { method: 'POST', headers: { Authorization: 'Bearer adm' }, body: JSON.stringify({ name: 'g' }) });
    expect(modes(join(dir, 'control-plane.db'))).toEqual({ db: '600', '-wal': '600', '-shm': '600' });
    await plane.close();
  });

  it('makes the agent outbox 0600, and tightens one an older version left 0644', () => {
    const dir = openDir();
    writeFileSync(join(dir, 'agent.db'), '', { mode: 0o644 });
    chmodSync(join(dir, 'agent.db'), 0o644);
    const outbox = new Outbox(dir);
    outbox.started('job_1', 'lease_1', 'search');
    expect(modes(join(dir, 'agent.db'))).toEqual({ db: '600', '-wal': '600', '-shm': '600' });
    outbox.close();
  });
});
