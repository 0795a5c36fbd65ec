// Operations run by an agent, side by side with the same work done directly with the SDK in this
// process, in one run: a 100k-customer export (Stripe search → mapping → NDJSON file) and a
// 10k-row CSV import (file → mapping → Stripe create). Prints records per second and the agent's
// peak memory. Run with `npm run bench` (it builds first). Traffic stays on 127.0.0.1.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import jsonata from 'jsonata';
import Stripe from 'stripe';
import { authenticate } from '../dist/sandbox/auth.js';
import { AGENT_TOKEN, benchDir, startStack } from './stack.mjs';

const CLI = fileURLToPath(new URL('../dist/bin/stripe-agent.js', import.meta.url));
const EXPORT = Number(process.env.BENCH_EXPORT ?? 100_000);
const IMPORT = Number(process.env.BENCH_IMPORT ?? 10_000);
/** Writes in flight, in the import operation and the direct loop alike (8: the operation's default). */
const IMPORT_CONCURRENCY = Number(process.env.BENCH_IMPORT_CONCURRENCY ?? 8);
const EXPORT_KEY = 'sk_test_benchmarkExport000000001';
const IMPORT_KEY = 'sk_test_benchmarkImport000000001';
const DIRECT_KEY = 'sk_test_benchmarkDirect000000001';
const EXPORT_MAPPING = '{"id": id, "email": email, "name": name, "created": created}';
const IMPORT_MAPPING = '{"email": email, "name": first_name & " " & last_name, "metadata": {"row": row}}';
const MiB = 1024;

/** A process's resident memory now and at its peak (VmHWM), in MiB. */
const memory = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / MiB, peak: Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / MiB };
};

const { sandbox, plane, api, close } = await startStack();
const url = new URL(sandbox.url);
const sdk = (key) => new Stripe(key, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });

// Seeding: one customer through the API gives the real shape; the rest are copies written straight
// into the sandbox's store in one transaction, since 100k creates would take longer than the export.
const template = await sdk(EXPORT_KEY).customers.create({ email: 'bench-0@example.com', name: 'Bench 0' });
const account = authenticate(`Bearer ${EXPORT_KEY}`);
sandbox.store.transaction(() => {
  for (let i = 1; i < EXPORT; i++) {
    sandbox.store.insert(account, 'customers', { ...template, id: `cus_bench${String(i).padStart(9, '0')}`, email: `bench-${i}@example.com`, name: `Bench ${i}` });
  }
});

const root = benchDir('files');
mkdirSync(join(root, 'in'));
writeFileSync(join(root, 'in', 'customers.csv'), `row,email,first_name,last_name\n${Array.from({ length: IMPORT }, (_, i) => `${i},import-${i}@example.com,Row,${i}`).join('\n')}\n`);

// Pacing is lifted on the connections (the group's rate budget) as on the agent: the agent's work is the figure here.
const lifted = { rateLimit: 100000, searchRateLimit: 100000 };
const exportConnection = await api('POST', '/api/v1/connections', { name: 'Export', apiKey: EXPORT_KEY, apiBase: sandbox.url, ...lifted });
const importConnection = await api('POST', '/api/v1/connections', { name: 'Import', apiKey: IMPORT_KEY, apiBase: sandbox.url, ...lifted });
const activity = (body) => api('POST', '/api/v1/activities', body);
const search = await activity({ name: 'All customers', type: 'stripe', connectionId: exportConnection.id, activity: 'search', object: 'customers', query: "email~'example.com'" });
const ndjson = await activity({ name: 'Export file', type: 'files', activity: 'write', root: 'bench', path: 'out/export-{runId}.ndjson', format: 'ndjson' });
const csv = await activity({ name: 'Import file', type: 'files', activity: 'read', root: 'bench', pattern: 'in/*.csv', format: 'csv' });
const create = await activity({ name: 'Create customers', type: 'stripe', connectionId: importConnection.id, activity: 'create', object: 'customers' });
const exportOp = await api('POST', '/api/v1/operations', { name: 'Export', source: search.id, mapping: EXPORT_MAPPING, target: ndjson.id });
const importOp = await api('POST', '/api/v1/operations', { name: 'Import', source: csv.id, mapping: IMPORT_MAPPING, target: create.id, options: { concurrency: IMPORT_CONCURRENCY } });

// The agent in its own process, so its memory is its own; Stripe's pacing lifted, or the
// published 20 searches and 25 writes a second would be the only figures. BENCH_AGENT_NODE_OPTIONS
// reaches the agent alone, to try V8's heap settings against its peak memory.
const agent = spawn(process.execPath, [CLI, 'run', '--control-plane', plane.url, '--token', AGENT_TOKEN, '--name', 'bench-ops',
  '--data-dir', benchDir('agent'), '--files-root', `bench=${root}`, '--stripe-rate-limit', '100000', '--log-level', 'info'],
{ stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: process.env.BENCH_AGENT_NODE_OPTIONS ?? '' } });
await new Promise((resolve) => {
  let text = '';
  agent.stdout.on('data', (c) => {
    text += c;
    if (text.includes('ready for work')) resolve();
  });
});
await sleep(500);
const idle = memory(agent.pid);

/** CPU time a process has used so far, user and system, in ms (clock ticks of 10 ms). */
const cpuOf = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
/** This process's CPU time so far, in ms: the sandbox and the control plane, and the direct SDK loops. */
const ownCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Runs an operation on the agent; records per second over the run's own duration, the agent's
 * peak memory, and the CPU per record of the agent and of this process (the sandbox serving it).
 */
async function viaAgent(operationId) {
  const cpu0 = { agent: cpuOf(agent.pid), own: ownCpu() };
  const { id } = await api('POST', `/api/v1/operations/${operationId}/runs`, { trigger: 'api' });
  let peak = 0;
  for (;;) {
    peak = Math.max(peak, memory(agent.pid).rss);
    const run = await api('GET', `/api/v1/runs/${id}`);
    if (!['queued', 'running'].includes(run.status)) {
      if (run.status !== 'succeeded') throw new Error(`run ${id} ${run.status}: ${run.message}`);
      const perRecord = (ms) => (ms / run.targetRecords).toFixed(2);
      const cpu = { agent: perRecord(cpuOf(agent.pid) - cpu0.agent), own: perRecord(ownCpu() - cpu0.own) };
      return { records: run.targetRecords, perSecond: run.targetRecords / (run.durationMs / 1000), peak, seconds: run.durationMs / 1000, cpu };
    }
    await sleep(100);
  }
}

/** The export done directly: the SDK pages the search, the same mapping, one NDJSON file. */
async function directExport() {
  const mapping = jsonata(EXPORT_MAPPING);
  const out = createWriteStream(join(root, 'direct-export.ndjson'));
  const t0 = performance.now();
  const cpu0 = ownCpu();
  let n = 0;
  for await (const customer of sdk(EXPORT_KEY).customers.search({ query: "email~'example.com'", limit: 100 })) {
    if (!out.write(`${JSON.stringify(await mapping.evaluate(customer))}\n`)) await once(out, 'drain');
    n++;
  }
  out.end();
  await once(out, 'finish');
  return { records: n, perSecond: n / ((performance.now() - t0) / 1000), cpu: ((ownCpu() - cpu0) / n).toFixed(2) };
}

/** The import done directly: the rows mapped and created with the SDK, as many in flight as the operation. */
async function directImport() {
  const mapping = jsonata(IMPORT_MAPPING);
  const stripe = sdk(DIRECT_KEY);
  const rows = readFileSync(join(root, 'in', 'customers.csv'), 'utf8').trim().split('\n').slice(1).map((line) => {
    const [row, email, first_name, last_name] = line.split(',');
    return { row, email, first_name, last_name };
  });
  let next = 0;
  const t0 = performance.now();
  const cpu0 = ownCpu();
  await Promise.all(Array.from({ length: IMPORT_CONCURRENCY }, async () => {
    while (next < rows.length) {
      const i = next++;
      await stripe.customers.create(await mapping.evaluate(rows[i]), { idempotencyKey: `direct-${i}` });
    }
  }));
  return { records: rows.length, perSecond: rows.length / ((performance.now() - t0) / 1000), cpu: ((ownCpu() - cpu0) / rows.length).toFixed(2) };
}

console.log(`machine: ${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}; agent NODE_OPTIONS '${process.env.BENCH_AGENT_NODE_OPTIONS ?? ''}'`);
console.log(`agent memory (RSS) idle, connected and ready: ${idle.rss.toFixed(0)} MiB`);
const exported = await viaAgent(exportOp.id);
const written = readdirSync(join(root, 'out')).map((f) => statSync(join(root, 'out', f)).size).reduce((a, b) => a + b, 0);
const exportPeak = memory(agent.pid).peak;
const directE = await directExport();
console.log(`export, search → mapping → NDJSON, ${exported.records} customers (${(written / 2 ** 20).toFixed(0)} MiB file):`);
console.log(`  agent ${exported.perSecond.toFixed(0)} records/s (${exported.seconds.toFixed(1)} s); direct SDK ${directE.perSecond.toFixed(0)} records/s; ratio ${(exported.perSecond / directE.perSecond).toFixed(2)}`);
console.log(`  CPU ms per record: agent ${exported.cpu.agent}, this process meanwhile ${exported.cpu.own}; direct (SDK, sandbox and all in this process) ${directE.cpu}`);
console.log(`  agent peak RSS ${exportPeak.toFixed(0)} MiB (goal ≤ 150 MiB; sampled during the run: ${exported.peak.toFixed(0)} MiB)`);
const imported = await viaAgent(importOp.id);
const importPeak = memory(agent.pid).peak;
const directI = await directImport();
console.log(`import, CSV → mapping → Stripe create, ${imported.records} rows, ${IMPORT_CONCURRENCY} writes in flight:`);
console.log(`  agent ${imported.perSecond.toFixed(0)} records/s (${imported.seconds.toFixed(1)} s, goal ≥ 1,000/s); direct SDK ${directI.perSecond.toFixed(0)} records/s; ratio ${(imported.perSecond / directI.perSecond).toFixed(2)}`);
console.log(`  CPU ms per record: agent ${imported.cpu.agent}, this process meanwhile ${imported.cpu.own}; direct (SDK, sandbox and all in this process) ${directI.cpu}`);
console.log(`  agent peak RSS over both runs ${importPeak.toFixed(0)} MiB`);
agent.kill('SIGTERM');
await once(agent, 'exit');
await close();
