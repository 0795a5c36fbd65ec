// How lean the CLI starts: `stripe-agent --help` (time, peak memory), agent start to "ready for
// work" (median of several starts), its memory idle and connected, and after its first job.
// BENCH_BASELINE=/other/checkout/dist/bin/stripe-agent.js measures a second build beside this one, in
// the same run, one start of each in turn, so before/after figures share the machine's load.
// Run with `npm run bench` (it builds first). Traffic stays on 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { AGENT_TOKEN, startStack } from './stack.mjs';

const BUILDS = [['this build', fileURLToPath(new URL('../dist/bin/stripe-agent.js', import.meta.url))]];
if (process.env.BENCH_BASELINE) BUILDS.push(['baseline', process.env.BENCH_BASELINE]);
const RUNS = Number(process.env.BENCH_STARTS ?? 7);
const KEY = 'sk_test_benchmarkStart0000000001';
const MiB = 1024;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / MiB;
// A short-lived process reports its own peak (maxRSS) on fd 3 as it exits.
const PEAK_ON_EXIT = `data:text/javascript,import{writeSync}from'node:fs';process.on('exit',()=>writeSync(3,String(process.resourceUsage().maxRSS)))`;

/** `--help`: wall time from spawn to exit, and the process's peak RSS. */
async function help(cli) {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PEAK_ON_EXIT, cli, '--help'], { stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
  let peak = '';
  child.stdio[3].on('data', (c) => (peak += c));
  await new Promise((resolve) => child.once('close', resolve));
  return { ms: performance.now() - started, peak: Number(peak) / MiB };
}

const { sandbox, plane, api, close } = await startStack();
const url = new URL(sandbox.url);
const customer = await new Stripe(KEY, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 }).customers.create({ email: 'start@example.com' });
const connection = await api('POST', '/api/v1/connections', { name: 'Start', apiKey: KEY, apiBase: sandbox.url });

/** One agent from spawn to "ready for work" (a fresh data dir each time); then idle RSS, and RSS after one read job. */
async function agent(cli, n) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'run', '--control-plane', plane.url, '--token', AGENT_TOKEN, '--name', `start-${n}`,
    '--data-dir', dataDir, '--concurrency', '1', '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const readyMs = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (c) => {
      text += c;
      if (text.includes('ready for work')) resolve(performance.now() - started);
    });
    child.once('exit', (code) => reject(new Error(`the agent exited (${code}) before it was ready`)));
  });
  await sleep(1000);
  const idle = rss(child.pid);
  const { id } = await api('POST', '/api/v1/jobs', { connectionId: connection.id, activity: 'read', object: 'customers', id: customer.id });
  while ((await api('GET', `/api/v1/jobs/${id}`)).status !== 'succeeded') await sleep(5);
  await sleep(500);
  const afterJob = rss(child.pid);
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
  return { readyMs, idle, afterJob };
}

/** A bare `node -e ''`, measured in the same turns: the floor any command starts from on this machine now. */
async function bareNode() {
  const started = performance.now();
  await new Promise((resolve) => spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }).once('close', resolve));
  return performance.now() - started;
}

const bare = [];
const results = new Map(BUILDS.map(([name]) => [name, { help: [], agents: [] }]));
for (let i = 0; i < RUNS; i++) {
  bare.push(await bareNode());
  for (const [name, cli] of BUILDS) {
    results.get(name).help.push(await help(cli));
    results.get(name).agents.push(await agent(cli, i));
  }
}

console.log(`machine: ${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}; medians of ${RUNS} runs, builds interleaved`);
console.log(`bare node -e '': ${median(bare).toFixed(0)} ms (the floor on this machine now)`);
for (const [name, cli] of BUILDS) {
  const { help: h, agents: a } = results.get(name);
  console.log(`${name} (${cli}):`);
  console.log(`  --help: ${median(h.map((r) => r.ms)).toFixed(0)} ms, peak RSS ${median(h.map((r) => r.peak)).toFixed(0)} MiB (goal: loads no SDK)`);
  console.log(`  agent start to ready for work: ${median(a.map((r) => r.readyMs)).toFixed(0)} ms (goal ≤ 300 ms)`);
  console.log(`  agent RSS idle, connected: ${median(a.map((r) => r.idle)).toFixed(0)} MiB (goal ≤ 70 MiB); after its first job: ${median(a.map((r) => r.afterJob)).toFixed(0)} MiB`);
}
await close();
