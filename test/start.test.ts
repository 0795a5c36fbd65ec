import { describe, expect, it } from 'vitest';
import { api, finished } from './support/cluster.js';
import { startCli, stop } from './support/process.js';

describe('npm start (stripe-agent start)', () => {
  it('brings up control plane, sandbox and agent with a "Stripe Sandbox" connection; the printed search works; Ctrl-C stops all', async () => {
    const env = { ...process.env };
    delete env.STRIPE_API_KEY;
    const started = await startCli(['start', '--control-plane-port', '0', '--sandbox-port', '0'], /records\n/, env);
    try {
      const out = started.output();
      const url = /control plane\s+(http:\/\/\S+)\s+admin token: (\S+)/.exec(out)!;
      const connectionId = /Stripe Sandbox\s+connection (\S+)/.exec(out)![1]!;
      const body = /-d '(\{.*\})'/.exec(out)![1]!.replaceAll('\\u0027', "'");
      const call = api(url[1]!, url[2]!);
      const queued = await call('POST', '/api/v1/jobs', JSON.parse(body));
      expect(queued.status).toBe(202);
      const [job] = await finished(call, [queued.body.id]);
      expect(job).toMatchObject({ status: 'succeeded', activity: 'search', result: { count: 1 }, agent: 'local-agent' });
      const records = await call('GET', `/api/v1/jobs/${job.id}/records`);
      expect(records.body.records).toEqual([expect.objectContaining({ email: 'jenny@example.com' })]);
      expect((await call('GET', '/api/v1/connections')).body.map((c: any) => c.id)).toEqual([connectionId]);
    } finally {
      expect(await stop(started.child, 'SIGINT')).toBe(0);
    }
  });
});
