// What every benchmark stands on: the sandbox and a control plane in the benchmark's own process
// (agents run in processes of their own), and the control plane's API with the admin token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlPlane } from '../dist/control-plane/control-plane.js';
import { createLogger } from '../dist/logging/logger.js';
import { Sandbox } from '../dist/sandbox/server.js';

export const ADMIN = 'sadm_bench';
export const AGENT_TOKEN = 'sat_bench';

let root;
/**
 * A temporary directory of this run, for a store or an agent's data: every one goes when the
 * process ends, Ctrl-C included (the control plane's store alone reaches 200 MB).
 */
export function benchDir(prefix) {
  if (!root) {
    root = mkdtempSync(join(tmpdir(), 'stripe-agent-bench-'));
    process.once('exit', () => {
      try {
        rmSync(root, { recursive: true, force: true, maxRetries: 5 });
      } catch (e) {
        // An agent still stopping after a Ctrl-C may write on: left behind is untidy, not a failure.
        console.warn(`could not remove ${root}: ${e.message}`);
      }
    });
    process.once('SIGINT', () => process.exit(130));
  }
  return mkdtempSync(join(root, `${prefix}-`));
}

/** `onRequest`: the sandbox's report of each request it answered. */
export async function startStack({ onRequest } = {}) {
  const sandbox = await Sandbox.start({ port: 0, ...(onRequest ? { onRequest } : {}) });
  const dataDir = benchDir('cp');
  const plane = await ControlPlane.start({
    port: 0, host: '127.0.0.1', dataDir, adminToken: ADMIN, agentToken: AGENT_TOKEN,
    heartbeatMs: 10_000, leaseMs: 30_000, allowedApiBases: [sandbox.url], log: createLogger('control-plane', 'warn'),
  });
  const api = async (method, path, body) => {
    const request = () => fetch(`${plane.url}${path}`, { method, headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
    // A kept-alive socket the server closed while this process was busy (filling a store) fails once; a GET may be asked again.
    const res = await request().catch((e) => (method === 'GET' ? request() : Promise.reject(e)));
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${json.error?.message ?? res.status}`);
    return json;
  };
  const close = async () => {
    await plane.close();
    await sandbox.close();
  };
  return { sandbox, plane, dataDir, api, close };
}
