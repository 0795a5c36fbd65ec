// Makes V8 code that the shipped agent starts from (src/cli/agent-code.ts): `stripe-agent run`,
// loaded from dist/bin/agent.cjs the way the CLI loads it, starts against a control plane in this
// process on 127.0.0.1 and, once the control plane lists it as ready for work, is stopped by
// SIGTERM as a service is. What V8 compiled of the file by then is written to FILE as the process
// exits. V8 takes that code only with the flags it was made with, so scripts/bundle.mjs runs this
// once for each set the agent ships with, and records which file is for which.
// `node [V8 flags] scripts/agent-code-cache.mjs DIST FILE`
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

const [dist, out] = process.argv.slice(2).map((path) => resolve(path));
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const [{ AGENT_BUNDLE, compileAgentBundle }, { ControlPlane }, { createLogger }] = await Promise.all([
  load('cli/agent-code.js'), load('control-plane/control-plane.js'), load('logging/logger.js'),
]);

const scratch = mkdtempSync(join(tmpdir(), 'stripe-agent-code-cache-'));
let script;
// The drained agent exits the process (0, or 1 if stopping failed): only then is the code written.
process.on('exit', (status) => {
  try {
    if (status === 0 && script) writeFileSync(out, script.createCachedData());
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
const admin = 'sadm_code_cache';
const token = 'sat_code_cache';
const plane = await ControlPlane.start({
  port: 0, host: '127.0.0.1', dataDir: join(scratch, 'control-plane'), adminToken: admin, agentToken: token,
  heartbeatMs: 10_000, leaseMs: 30_000, log: createLogger('control-plane', 'silent'),
});
const compiled = compileAgentBundle(AGENT_BUNDLE, readFileSync(AGENT_BUNDLE), undefined);
script = compiled.script;
// Its log goes where a real one's does, so that the code writing it is compiled too; the build
// shows it only if this fails.
void compiled.exports.runProgram(undefined, [process.execPath, 'stripe-agent', 'run', '--control-plane', plane.url, '--token', token,
  '--data-dir', join(scratch, 'agent'), '--name', 'code-cache', '--log-level', 'info']);
const deadline = Date.now() + 60_000;
const ready = async () => {
  const res = await fetch(`${plane.url}/api/v1/agents`, { headers: { Authorization: `Bearer ${admin}` }, signal: AbortSignal.timeout(5_000) });
  return (await res.json()).some((agent) => agent.state === 'ready');
};
while (!(await ready())) {
  if (Date.now() > deadline) {
    process.stderr.write('scripts/agent-code-cache.mjs: the agent was not ready for work within 60 s\n');
    process.exit(1);
  }
  await sleep(10);
}
process.kill(process.pid, 'SIGTERM');
