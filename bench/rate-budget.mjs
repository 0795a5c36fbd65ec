// An agent group on one Stripe key: 1, 2 and 3 agents (concurrency 8 each) run create jobs
// against the sandbox at Stripe's test-mode limit (25 requests/s per key) with 50 ms latency.
// A first row without any limit shows what the job path itself manages on the machine. Prints,
// per row: the rate of requests Stripe served, its share of the limit, the 429s the
// sandbox answered, and the jobs that failed. Run with `npm run bench` (it builds first), or
// alone: `node bench/rate-budget.mjs`. Traffic stays on 127.0.0.1.
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { AGENT_TOKEN, benchDir, startStack } from './stack.mjs';

const CLI = fileURLToPath(new URL('../dist/bin/stripe-agent.js', import.meta.url));
const JOBS = Number(process.env.BENCH_RATE_JOBS ?? 300);
const LIMIT = 25;
const LATENCY_MS = 50;
const ROWS = (process.env.BENCH_RATE_AGENTS ?? '1,2,3').split(',').map(Number);

/** The sandbox's log of what it answered: time and status of each /v1 request. */
const answers = [];
const { sandbox, plane, api, close } = await startStack({ onRequest: (r) => answers.push({ at: performance.now(), status: r.status }) });

function startAgent(name) {
  const child = spawn(process.execPath, [CLI, 'run', '--control-plane', plane.url, '--token', AGENT_TOKEN, '--name', name,
    '--data-dir', benchDir('agent'), '--concurrency', '8', '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise((resolve) => {
    let text = '';
    child.stdout.on('data', (c) => {
      text += c;
      if (text.includes('ready for work')) resolve();
    });
  });
  return { child, ready };
}

async function stopAgent(agent) {
  agent.child.kill('SIGTERM');
  await new Promise((r) => agent.child.once('exit', r));
}

/**
 * One row: `count` agents drain JOBS create jobs queued on one fresh key. `unpaced`: no limit at
 * all, neither in the sandbox nor in the budget: what the job path itself manages on this machine.
 */
async function row(count, unpaced = false) {
  const key = `sk_test_benchRate${count}${Date.now()}`;
  const connection = await api('POST', '/api/v1/connections', { name: `Rate-${count}-${Date.now()}`, apiKey: key, apiBase: sandbox.url, ...(unpaced ? { rateLimit: 100000 } : {}) });
  const agents = Array.from({ length: count }, (_, i) => startAgent(`rate-${count}-${i + 1}`));
  await Promise.all(agents.map((a) => a.ready));
  sandbox.faults.set({ rateLimit: unpaced ? 0 : LIMIT, latencyMs: LATENCY_MS });
  await sleep(1100); // the sandbox's window starts empty
  answers.length = 0;
  const ids = [];
  for (let i = 0; i < JOBS; i++) {
    ids.push((await api('POST', '/api/v1/jobs', { connectionId: connection.id, activity: 'create', object: 'customers', data: { email: `r${i}@example.com` } })).id);
  }
  let jobs;
  for (;;) {
    // One list call per look: the sandbox shares this process, and its clock is what Stripe's limit counts by.
    const listed = await api('GET', `/api/v1/jobs?limit=${JOBS}`);
    jobs = listed.filter((j) => ids.includes(j.id));
    if (jobs.length === ids.length && jobs.every((j) => j.status === 'succeeded' || j.status === 'failed')) break;
    await sleep(250);
  }
  sandbox.faults.clear();
  await Promise.all(agents.map(stopAgent));
  const served = answers.filter((a) => a.status === 200);
  const span = (served.at(-1).at - served[0].at) / 1000;
  const rate = (served.length - 1) / span;
  return { count: unpaced ? `${count}, no limit` : count, rate, share: rate / LIMIT, tooMany: answers.filter((a) => a.status === 429).length, requests: answers.length, failed: jobs.filter((j) => j.status === 'failed').length, throttled: jobs.reduce((n, j) => n + (j.throttled ?? 0), 0) };
}

console.log(`machine: ${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log(`agent group on one key: ${JOBS} create jobs, sandbox at ${LIMIT} requests/s per key with ${LATENCY_MS} ms latency, agents at concurrency 8`);
console.log('      agents | achieved | of the limit | 429s (of requests) | jobs failed | jobs throttled');
for (const [count, unpaced] of [[1, true], ...ROWS.map((n) => [n, false])]) {
  const r = await row(count, unpaced);
  console.log(`${String(r.count).padStart(12)} | ${r.rate.toFixed(1).padStart(6)}/s | ${`${(r.share * 100).toFixed(0)} %`.padStart(12)} | ${`${r.tooMany} (${((r.tooMany / r.requests) * 100).toFixed(1)} %)`.padStart(18)} | ${String(r.failed).padStart(11)} | ${String(r.throttled).padStart(14)}`);
}
await close();
