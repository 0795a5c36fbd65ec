// Makes V8 code that the shipped agent starts from (src/cli/agent-code.ts): one agent, loaded from
// dist/bin/agent.cjs the way `run` loads it, starts against a control plane in this process on
// 127.0.0.1, becomes ready for work and drains; what V8 compiled of the file by then is written to
// FILE. V8 takes that code only with the flags it was made with, so scripts/bundle.mjs runs this
// once for each set the agent ships with, and records which file is for which.
// `node [V8 flags] scripts/agent-code-cache.mjs DIST FILE`
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

const [dist, out] = process.argv.slice(2).map((path) => resolve(path));
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const [{ AGENT_BUNDLE, compileAgentBundle }, { ControlPlane }, { createLogger }, { resolveAgentOptions }, { VERSION }] = await Promise.all([
  load('cli/agent-code.js'), load('control-plane/control-plane.js'), load('logging/logger.js'), load('agent/options.js'), load('cli/version.js'),
]);

const scratch = mkdtempSync(join(tmpdir(), 'stripe-agent-code-cache-'));
try {
  const token = 'sat_code_cache';
  const plane = await ControlPlane.start({
    port: 0, host: '127.0.0.1', dataDir: join(scratch, 'control-plane'), agentToken: token,
    heartbeatMs: 10_000, leaseMs: 30_000, log: createLogger('control-plane', 'silent'),
  });
  const { exports: code, script } = compileAgentBundle(AGENT_BUNDLE, readFileSync(AGENT_BUNDLE), undefined);
  const options = resolveAgentOptions({ controlPlane: plane.url, token, dataDir: join(scratch, 'agent'), name: 'code-cache' }, undefined, {});
  // Its log goes where a real one's does, so that the code writing it is compiled too; the caller discards it.
  const agent = new code.Agent(options, code.createLogger('agent', 'info'), VERSION);
  const ready = new Promise((resolve) => agent.lifecycle.onChange((state) => state === 'ready' && resolve()));
  agent.start();
  await Promise.race([
    ready,
    agent.refused.then((reason) => Promise.reject(new Error(`the control plane refused the agent: ${reason}`))),
    sleep(60_000, undefined, { ref: false }).then(() => Promise.reject(new Error('the agent was not ready for work within 60 s'))),
  ]);
  await agent.stop();
  await plane.close();
  writeFileSync(out, script.createCachedData());
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
// Whatever the agent or the control plane still holds open ends here.
process.exit(0);
