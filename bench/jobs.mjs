// Read jobs through control plane and agent against the sandbox, side by side with the same
// reads made directly with the SDK, in one run; then a search's records read back through
// /records. Prints the figures beside the goals of issue 14, and the machine.
// Run with `npm run bench` (it builds first). Traffic stays on 127.0.0.1.
// `node --cpu-prof bench/jobs.mjs` profiles the control plane (in this process) and every agent.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import Stripe from 'stripe';
import { JobQueue } from '../dist/control-plane/queue/jobs.js';
import { AGENT_TOKEN, benchDir, startStack } from './stack.mjs';

const CLI = fileURLToPath(new URL('../dist/bin/stripe-agent.js', import.meta.url));
const JOBS = Number(process.env.BENCH_JOBS ?? 1000);
// The agent is a long-running service: its first few hundred jobs run in V8's early tiers, while
// the direct SDK calls run in this process, warm long before. Each level times the rounds after these.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 400);
// A level's ratio is the median of its rounds, each JOBS jobs through the agent and JOBS direct
// calls back to back: one window of each alone lasts a fraction of a second at concurrency 64, and
// anything else the shared machine does in it moves the figure.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LEVELS = [1, 16, 64];
const KEY = 'sk_test_benchmarkAccount00000001';

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const p99 = (xs) => quantile([...xs].sort((a, b) => a - b), 0.99);
/** CPU time (user + system) a process used so far, in ms: robust to a loaded machine, unlike wall time. */
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const RECORDS_STORED = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const READ_BACK = 100_000;
const PAGE = 1000;

const { sandbox, plane, dataDir: planeDir, api, close } = await startStack();
const url = new URL(sandbox.url);
const stripe = new Stripe(KEY, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
const customer = await stripe.customers.create({ email: 'bench@example.com' });
// Pacing is lifted, on the connection (the group's budget) and on the agent: the agent path is the figure here.
const connection = await api('POST', '/api/v1/connections', { name: 'Bench', apiKey: KEY, apiBase: sandbox.url, rateLimit: 100000, searchRateLimit: 100000 });

function startAgent(concurrency, name = `bench-${concurrency}`) {
  const started = performance.now();
  const child = spawn(process.execPath, [...process.execArgv, CLI, 'run', '--control-plane', plane.url, '--token', AGENT_TOKEN, '--name', name,
    '--data-dir', benchDir('agent'), '--concurrency', String(concurrency), '--stripe-rate-limit', '100000', '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise((resolve) => {
    let text = '';
    const watch = (c) => {
      // Only the tail is kept between chunks: enough for a line split across two of them.
      text = text.slice(-100) + c;
      if (!text.includes('ready for work')) return;
      resolve(performance.now() - started);
      // Read on, without keeping or scanning what follows.
      child.stdout.off('data', watch).resume();
    };
    child.stdout.on('data', watch);
  });
  return { child, ready };
}

const submit = () => api('POST', '/api/v1/jobs', { connectionId: connection.id, activity: 'read', object: 'customers', id: customer.id });

// The driver watches the jobs in the store, read-only: asking the API for each job cost this
// process (which is also the control plane and the sandbox) about a millisecond of CPU per job,
// taken from the path being measured on two cores.
const store = new Database(join(planeDir, 'control-plane.db'), { readonly: true });
const jobRow = store.prepare('SELECT status, error, created_at, finished_at FROM jobs WHERE id = ?');

/** Submits `n` jobs, `inFlight` at a time as API clients would; their ids, and the submissions a second. */
async function submitAll(n, inFlight = 16) {
  const ids = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next++ < n) ids.push((await submit()).id);
  }));
  return { ids, perSecond: n / ((performance.now() - t0) / 1000) };
}

/** Waits for a job to succeed, reading its row every `everyMs`; the row. */
async function succeeded(id, onPoll = () => {}, everyMs = 1) {
  for (;;) {
    onPoll();
    const job = jobRow.get(id);
    if (job.status === 'succeeded') return job;
    // A read of one customer fails only when something is broken: the figures would mean nothing.
    if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`job ${id} ${job.status}: ${job.error}`);
    await sleep(everyMs);
  }
}

/**
 * Waits for each job in turn, reading the store every 5 ms: close enough to time a round of half a
 * second or more, and it leaves the event loop it shares to the control plane and the sandbox.
 */
async function allSucceeded(ids, onPoll) {
  for (const id of ids) await succeeded(id, onPoll, 5);
}

/**
 * Throughput at `concurrency`. The agent starts on WARMUP queued jobs (its cold rate), and JOBS
 * direct calls warm that path up. Then each round times JOBS direct SDK calls and JOBS jobs
 * through the agent, back to back: the agent is drained while the round's jobs are submitted and
 * the direct calls run, then resumed to drain the queue, timed from the resume to its last job.
 */
async function level(concurrency) {
  const { ids: warm, perSecond: submitted } = await submitAll(WARMUP);
  const agent = startAgent(concurrency);
  const startupMs = await agent.ready;
  let loadRss = 0;
  let sampledAt = 0;
  // Every 50 ms: reading /proc at each poll cost this process more CPU than the store reads.
  const sampleRss = () => {
    if (performance.now() - sampledAt < 50) return;
    sampledAt = performance.now();
    loadRss = Math.max(loadRss, rssMiB(agent.child.pid));
  };
  const coldT0 = performance.now();
  await allSucceeded(warm, sampleRss);
  const cold = WARMUP / ((performance.now() - coldT0) / 1000);
  // The direct calls warm up at this concurrency too: the first burst opens its sockets.
  await direct(concurrency);
  const { id } = (await api('GET', '/api/v1/agents')).find((a) => a.name === `bench-${concurrency}` && a.connected);
  const rounds = [];
  const cpu = { agent: 0, own: 0, direct: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    await api('POST', `/api/v1/agents/${id}/drain`);
    const { ids } = await submitAll(JOBS);
    const own0 = ownCpuMs();
    const viaD = await direct(concurrency);
    cpu.direct += ownCpuMs() - own0;
    const t0 = performance.now();
    const cpu0 = { agent: cpuMs(agent.child.pid), own: ownCpuMs() };
    await api('POST', `/api/v1/agents/${id}/resume`);
    await allSucceeded(ids, sampleRss);
    rounds.push({ agent: JOBS / ((performance.now() - t0) / 1000), direct: viaD.perSecond });
    cpu.agent += cpuMs(agent.child.pid) - cpu0.agent;
    cpu.own += ownCpuMs() - cpu0.own;
  }
  for (const k of Object.keys(cpu)) cpu[k] /= ROUNDS * JOBS;
  return { agent, rounds, cold, startupMs, loadRss, cpu, submitted };
}

/** Added latency: one job at a time on an idle agent, its time in the control plane's clock. */
async function jobLatencies(n) {
  const latencies = [];
  for (let i = 0; i < n; i++) {
    const job = await succeeded((await submit()).id);
    latencies.push(job.finished_at - job.created_at);
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

/** A finished search of `n` records, written straight into the control plane's store in chunks of 1,000. */
function storeSearch(n) {
  const db = new Database(join(planeDir, 'control-plane.db'));
  db.pragma('busy_timeout = 10000');
  const queue = new JobQueue(db);
  const job = queue.enqueue({ connectionId: connection.id, group: 'default', activity: 'search', object: 'customers', input: { object: 'customers', query: 'email~"example"' } });
  db.transaction(() => {
    const [leased] = queue.lease('default', 'bench-filler', 1, 60_000);
    for (let seq = 0; seq * PAGE < n; seq++) {
      const chunk = Array.from({ length: Math.min(PAGE, n - seq * PAGE) }, (_, i) => ({ id: `cus_${String(seq * PAGE + i).padStart(10, '0')}`, object: 'customer', email: `c${seq * PAGE + i}@example.com`, created: 1_700_000_000 }));
      queue.addRecords(job.id, leased.leaseId, seq, chunk);
    }
    queue.finish(job.id, leased.leaseId, { status: 'succeeded', result: { count: n }, chunks: Math.ceil(n / PAGE), connectorVersion: 'bench' });
  })();
  db.close();
  return job.id;
}

const pageMs = async (id, after) => {
  const t = performance.now();
  const page = await api('GET', `/api/v1/jobs/${id}/records?after=${after}&limit=${PAGE}`);
  if (page.records.length !== Math.min(PAGE, RECORDS_STORED - after)) throw new Error(`page after ${after} has ${page.records.length} records`);
  return performance.now() - t;
};

console.log(`machine: ${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}; per level ${ROUNDS} rounds of ${JOBS} read jobs and ${JOBS} direct calls, after ${WARMUP} jobs to warm up`);
console.log('concurrency | agent jobs/s | its first jobs/s, cold | direct SDK calls/s | ratio, median (rounds) | CPU ms per job: agent, this process (control plane, sandbox, driver) | direct: CPU ms per call');
const starts = [];
const idle = startAgent(1, 'bench-idle');
starts.push(await idle.ready);
await sleep(1000);
const idleRss = rssMiB(idle.child.pid);
idle.child.kill('SIGTERM');
await new Promise((r) => idle.child.once('exit', r));
let loadRss = 0;
let latency;
const submissions = [];
const ratios = [];
for (const c of LEVELS) {
  const run = await level(c);
  starts.push(run.startupMs);
  submissions.push(run.submitted);
  loadRss = Math.max(loadRss, run.loadRss);
  if (c === 1) latency = await jobLatencies(200);
  run.agent.child.kill('SIGTERM');
  await new Promise((r) => run.agent.child.once('exit', r));
  const ratio = run.rounds.map((r) => r.agent / r.direct).sort((a, b) => a - b);
  ratios.push(median(ratio));
  const rate = (key) => median(run.rounds.map((r) => r[key])).toFixed(0);
  console.log(`${String(c).padStart(11)} | ${rate('agent').padStart(12)} | ${run.cold.toFixed(0).padStart(22)} | ${rate('direct').padStart(18)} | ${median(ratio).toFixed(2)} (${ratio[0].toFixed(2)}–${ratio.at(-1).toFixed(2)}) | ${run.cpu.agent.toFixed(2)}, ${run.cpu.own.toFixed(2)} | ${run.cpu.direct.toFixed(2)}`);
}
const sdk = await direct(1);
const sdkMedian = median(sdk.latencies);
const added = { p50: median(latency) - sdkMedian, p99: p99(latency) - p99(sdk.latencies) };
console.log(`one job at a time: ${median(latency)} ms median, ${p99(latency)} ms p99 (API to result, ms clock); one SDK call: ${sdkMedian.toFixed(1)} ms median, ${p99(sdk.latencies).toFixed(1)} ms p99`);
console.log(`agent memory (RSS) under load: up to ${loadRss.toFixed(0)} MiB`);
console.log(`jobs submitted through the API, 16 requests in flight, to warm each level up: ${submissions.map((s) => s.toFixed(0)).join(' / ')} a second`);

const fillStarted = performance.now();
const big = storeSearch(RECORDS_STORED);
const small = storeSearch(READ_BACK);
console.log(`stored ${RECORDS_STORED.toLocaleString('en')} + ${READ_BACK.toLocaleString('en')} records in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s`);
const lastPage = (RECORDS_STORED / PAGE - 1) * PAGE;
const first = [];
const last = [];
for (let i = 0; i < 5; i++) {
  first.push(await pageMs(big, 0));
  last.push(await pageMs(big, lastPage));
}
const readStarted = performance.now();
for (let after = 0; after !== null;) {
  const page = await api('GET', `/api/v1/jobs/${small}/records?after=${after}&limit=${PAGE}`);
  after = page.next === null ? null : Number(page.next);
}
const readBackS = (performance.now() - readStarted) / 1000;

const row = (figure, now, goal) => console.log(`| ${figure} | ${now} | ${goal} |`);
console.log('\n| figure | this run | goal |\n|---|---|---|');
row('throughput ratio at concurrency 1 / 16 / 64', ratios.map((r) => r.toFixed(2)).join(' / '), '≥ 0.25 / 0.5 / 0.6');
row('latency the agent path adds, p50 / p99', `${added.p50.toFixed(1)} ms / ${added.p99.toFixed(1)} ms`, '≤ 1.5 ms / ≤ 6 ms');
row('agent start to ready for work', `${median(starts).toFixed(0)} ms (median of ${starts.length})`, '≤ 300 ms');
row('agent RSS idle, connected', `${idleRss.toFixed(0)} MiB`, '≤ 70 MiB');
row(`reading back a ${READ_BACK / 1000}k-record search through /records (${READ_BACK / PAGE} pages)`, `${readBackS.toFixed(2)} s`, 'time per page flat; ≤ 2 s');
row(`/records of ${RECORDS_STORED.toLocaleString('en')} stored: page 1 vs page ${(RECORDS_STORED / PAGE).toLocaleString('en')}`, `${median(first).toFixed(1)} ms vs ${median(last).toFixed(1)} ms (median of 5)`, 'flat');
console.log(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
store.close();
await close();
