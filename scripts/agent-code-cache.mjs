// Makes the V8 code that the shipped agent starts from (src/cli/agent-code.ts): one agent, loaded
// from dist/bin/agent.cjs the way `run` loads it, starts against a control plane in this process on
// 127.0.0.1, becomes ready for work and drains; what V8 compiled of the file by then is written to
// dist/bin/agent.cjs[.FLAGS].cache, named after the flags this runs with: V8 takes the code only
// with the same ones, so scripts/bundle.mjs runs this once for each set the agent ships with.
// `node [V8 flags] scripts/agent-code-cache.mjs DIST`
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[2] ?? 'dist');
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const [{ AGENT_BUNDLE, agentCodeCache, compileAgentBundle }, { ControlPlane }, { createLogger }, { resolveAgentOptions }, { VERSION }] = await Promise.all([
  load('cli/agent-code.js'), load('control-plane/control-plane.js'), load('logging/logger.js'), load('agent/options.js'), load('cli/version.js'),
]);

const scratch = mkdtempSync(join(tmpdir(), 'stripe-agent-code-cache-'));
try {
  const token = 'sat_code_cache';
  const plane = await ControlPlane.start({
    port: 0, host: '127.0.0.1', dataDir: join(scratch, 'control-plane'), agentToken: token,
    heartbeatMs: 10_000, leaseMs: 30_000, log: createLogger('control-plane', 'silent'),
  });
  const { exports: code, script } = compileAgentBundle(AGENT_BUNDLE, undefined);
  const options = resolveAgentOptions({ controlPlane: plane.url, token, dataDir: join(scratch, 'agent'), name: 'code-cache' }, undefined, {});
  // Its log goes where a real one's does, so that the code writing it is compiled too; the caller discards it.
  const agent = new code.Agent(options, code.createLogger('agent', 'info'), VERSION);
  const ready = new Promise((resolve) => agent.lifecycle.onChange((state) => state === 'ready' && resolve()));
  agent.start();
  await ready;
  await agent.stop();
  await plane.close();
  writeFileSync(agentCodeCache(), script.createCachedData());
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
