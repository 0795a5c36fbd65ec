// Read jobs through control plane and agent against the sandbox, side by side with the same
// reads made directly with the SDK, in one run. Prints the figures and the machine.
// Run with `npm run bench` (it builds first). Traffic stays on 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { ControlPlane } from '../dist/control-plane/control-plane.js';
import { createLogger } from '../dist/logging/logger.js';
import { Sandbox } from '../dist/sandbox/server.js';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const JOBS = Number(process.env.BENCH_JOBS ?? 400);
const LEVELS = [1, 16, 64];
const KEY = 'sk_test_benchmarkAccount00000001';
const ADMIN = 'sadm_bench';
const AGENT_TOKEN = 'sat_bench';

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);
const p99 = (xs) => quantile([...xs].sort((a, b) => a - b), 0.99);
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const sandbox = await Sandbox.start({ port: 0 });
const plane = await ControlPlane.start({
  port: 0, host: '127.0.0.1', dataDir: mkdtempSync(join(tmpdir(), 'bench-cp-')), adminToken: ADMIN, agentToken: AGENT_TOKEN,
  heartbeatMs: 10_000, leaseMs: 30_000, allowedApiBases: [sandbox.url], log: createLogger('control-plane', 'warn'),
});
const api = async (method, path, body) => {
  const res = await fetch(`${plane.url}${path}`, { method, headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  return res.json();
};
const url = new URL(sandbox.url);
const stripe = new Stripe(KEY, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
const customer = await stripe.customers.create({ email: 'bench@example.com' });
// Pacing is lifted, on the connection (the group's budget) and on the agent: the agent path is the figure here.
const connection = await api('POST', '/api/v1/connections', { name: 'Bench', apiKey: KEY, apiBase: sandbox.url, rateLimit: 100000, searchRateLimit: 100000 });

function startAgent(concurrency) {
  const started = performance.now();
  const child = spawn(process.execPath, [...process.execArgv, CLI, 'run', '--control-plane', plane.url, '--token', AGENT_TOKEN, '--name', `bench-${concurrency}`,
    '--data-dir', mkdtempSync(join(tmpdir(), 'bench-agent-')), '--concurrency', String(concurrency), '--stripe-rate-limit', '100000', '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise((resolve) => {
    let text = '';
    child.stdout.on('data', (c) => {
      text += c;
      if (text.includes('ready for work')) resolve(performance.now() - started);
    });
  });
  return { child, ready };
}

const submit = () => api('POST', '/api/v1/jobs', { connectionId: connection.id, activity: 'read', object: 'customers', id: customer.id });

async function allSucceeded(onPoll = () => {}) {
  for (;;) {
    onPoll();
    const jobs = await api('GET', `/api/v1/jobs?limit=${JOBS}`);
    if (jobs.length >= JOBS && jobs.every((j) => j.status === 'succeeded')) return jobs;
    await sleep(5);
  }
}

/** Throughput: the jobs wait in the queue, then the agent starts and drains them at `concurrency`. */
async function viaAgent(concurrency) {
  for (let i = 0; i < JOBS; i++) await submit();
  const agent = startAgent(concurrency);
  const startupMs = await agent.ready;
  const t0 = performance.now();
  let loadRss = 0;
  await allSucceeded(() => (loadRss = Math.max(loadRss, rssMiB(agent.child.pid))));
  const perSecond = JOBS / ((performance.now() - t0) / 1000);
  return { agent, perSecond, startupMs, loadRss };
}

/** Added latency: one job at a time on an idle agent, its time in the control plane's clock. */
async function jobLatencies(n) {
  const latencies = [];
  for (let i = 0; i < n; i++) {
    const { id } = await submit();
    for (;;) {
      const job = await api('GET', `/api/v1/jobs/${id}`);
      if (job.status === 'succeeded') {
        latencies.push(Date.parse(job.finishedAt) - Date.parse(job.createdAt));
        break;
      }
      await sleep(1);
    }
  }
  return latencies;
}

async function direct(concurrency) {
  const latencies = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < JOBS) {
      const s = performance.now();
      await stripe.customers.retrieve(customer.id);
      latencies.push(performance.now() - s);
    }
  }));
  return { perSecond: JOBS / ((performance.now() - t0) / 1000), latencies };
}

console.log(`machine: ${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${JOBS} read jobs per level`);
console.log('concurrency | agent jobs/s | direct SDK calls/s | ratio');
const starts = [];
const idle = startAgent(1);
starts.push(await idle.ready);
await sleep(1000);
const idleRss = rssMiB(idle.child.pid);
idle.child.kill('SIGTERM');
await new Promise((r) => idle.child.once('exit', r));
let loadRss = 0;
let latency;
for (const c of LEVELS) {
  const viaA = await viaAgent(c);
  starts.push(viaA.startupMs);
  loadRss = Math.max(loadRss, viaA.loadRss);
  if (c === 1) latency = await jobLatencies(200);
  viaA.agent.child.kill('SIGTERM');
  await new Promise((r) => viaA.agent.child.once('exit', r));
  const viaD = await direct(c);
  console.log(`${String(c).padStart(11)} | ${viaA.perSecond.toFixed(0).padStart(12)} | ${viaD.perSecond.toFixed(0).padStart(18)} | ${(viaA.perSecond / viaD.perSecond).toFixed(2)}`);
}
const sdk = await direct(1);
const sdkMedian = median(sdk.latencies);
console.log(`one job at a time: ${median(latency)} ms median, ${p99(latency)} ms p99 (API to result, ms clock); one SDK call: ${sdkMedian.toFixed(1)} ms median, ${p99(sdk.latencies).toFixed(1)} ms p99`);
console.log(`latency the agent path adds: ${(median(latency) - sdkMedian).toFixed(1)} ms median, ${(p99(latency) - p99(sdk.latencies)).toFixed(1)} ms p99`);
console.log(`agent start to ready for work: ${median(starts).toFixed(0)} ms (median of ${starts.length} starts)`);
console.log(`agent memory (RSS): idle, connected and ready ${idleRss.toFixed(0)} MiB; under load up to ${loadRss.toFixed(0)} MiB`);
await plane.close();
await sandbox.close();
