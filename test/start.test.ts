import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, finished, waitFor, type Api } from './support/cluster.js';
import { startCli, stop } from './support/process.js';

/** Runs an operation through the API and waits for its run to end. */
async function run(call: Api, operationId: string): Promise<any> {
  const queued = await call('POST', `/api/v1/operations/${operationId}/runs`, { trigger: 'manual' });
  expect(queued.status).toBe(202);
  return waitFor(async () => {
    const r = (await call('GET', `/api/v1/runs/${queued.body.id}`)).body;
    return ['queued', 'running'].includes(r.status) ? undefined : r;
  }, 'the run to end');
}

describe('npm start (stripe-agent start)', () => {
  it('brings up control plane, seeded sandbox, agent and two operations; the printed search and both operations work; Ctrl-C stops all', async () => {
    const env = { ...process.env };
    delete env.STRIPE_API_KEY;
    const started = await startCli(['start', '--control-plane-port', '0', '--sandbox-port', '0'], /records\n/, env);
    try {
      const out = started.output();
      const url = /control plane\s+(http:\/\/\S+)\s+admin token: (\S+)/.exec(out)!;
      const connectionId = /Stripe Sandbox\s+connection (\S+), (\d+) sample customers/.exec(out)!;
      const filesRoot = /files root "samples" at (\S+)/.exec(out)![1]!;
      const operationId = (name: string) => new RegExp(`${name}\\s+.*\\((op_\\w+)\\)`).exec(out)![1]!;
      const body = /-d '(\{.*\})'/.exec(out)![1]!.replaceAll('\\u0027', "'");
      const call = api(url[1]!, url[2]!);

      // The printed search finds the seeded customer at once.
      const queued = await call('POST', '/api/v1/jobs', JSON.parse(body));
      expect(queued.status).toBe(202);
      const [job] = await finished(call, [queued.body.id]);
      expect(job).toMatchObject({ status: 'succeeded', activity: 'search', result: { count: 1 }, agent: 'local-agent' });
      const records = await call('GET', `/api/v1/jobs/${job.id}/records`);
      expect(records.body.records).toEqual([expect.objectContaining({ email: 'jenny@example.com' })]);
      expect((await call('GET', '/api/v1/connections')).body.map((c: any) => c.id)).toEqual([connectionId[1]]);

      const seeded = Number(connectionId[2]);
      const csvRows = Number(/The CSV has (\d+) rows/.exec(out)![1]);
      const imported = await run(call, operationId('Import sample customers'));
      expect(imported).toMatchObject({ status: 'succeeded', sourceRecords: csvRows, targetRecords: csvRows, failedRecords: 0, agent: 'local-agent' });
      const exported = await run(call, operationId('Export customers'));
      expect(exported).toMatchObject({ status: 'succeeded', sourceRecords: seeded + csvRows, targetRecords: seeded + csvRows });
      const [file] = readdirSync(join(filesRoot, 'exports'));
      const lines = readFileSync(join(filesRoot, 'exports', file!), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(seeded + csvRows);
      expect(lines).toContainEqual(expect.objectContaining({ email: 'margaret@example.com', name: 'Margaret Hamilton' }));
    } finally {
      expect(await stop(started.child, 'SIGINT')).toBe(0);
    }
  });
});
