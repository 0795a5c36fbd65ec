import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/server.js';
import { runCli, startProcess, stop } from './support/process.js';
import { call, startSandbox, testKey } from './support/sandbox.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

function exec(args: string[], key: string | undefined, extraEnv: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  delete env.STRIPE_API_KEY;
  if (key !== undefined) env.STRIPE_API_KEY = key;
  return runCli(['exec', ...args, '--api-base', sandbox.url], env);
}

describe('stripe-agent exec', () => {
  it('tests a connection and prints one JSON object', async () => {
    const key = testKey();
    const { code, stdout, stderr } = await exec(['test'], key);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, mode: 'test', keyKind: 'secret', connectorVersion: '1.0.0' });
    expect(stdout + stderr).not.toContain(key);
  });

  it('creates from --data @file, updates, reads and deletes', async () => {
    const key = testKey();
    const file = join(mkdtempSync(join(tmpdir(), 'exec-')), 'customer.json');
    writeFileSync(file, JSON.stringify({ email: 'file@example.com', metadata: { from: 'file' } }));
    const created = await exec(['create', '--object', 'customers', '--data', `@${file}`, '--idempotency-key', 'exec-1'], key);
    expect(created.code).toBe(0);
    const customer = JSON.parse(created.stdout);
    expect(customer).toMatchObject({ email: 'file@example.com', metadata: { from: 'file' } });
    const again = await exec(['create', '--object', 'customers', '--data', `@${file}`, '--idempotency-key', 'exec-1'], key);
    expect(JSON.parse(again.stdout).id).toBe(customer.id);

    const updated = await exec(['update', '--object', 'customers', '--id', customer.id, '--data', '{"name":"Filed"}'], key);
    expect(JSON.parse(updated.stdout)).toMatchObject({ name: 'Filed' });
    const read = await exec(['read', '--object', 'customers', '--id', customer.id], key);
    expect(JSON.parse(read.stdout)).toMatchObject({ id: customer.id, name: 'Filed' });
    const deleted = await exec(['delete', '--object', 'customers', '--id', customer.id], key);
    expect(JSON.parse(deleted.stdout)).toEqual({ id: customer.id, object: 'customer', deleted: true });
  });

  it('prints a search as one JSON object per line', async () => {
    const key = testKey();
    for (let i = 0; i < 5; i++) await call(sandbox, 'POST', '/v1/customers', key, { email: `n${i}@example.com`, 'metadata[set]': 'ndjson' });
    const { code, stdout } = await exec(['search', '--object', 'customers', '--query', "metadata['set']:'ndjson'", '--page-size', '2', '--max-results', '4'], key);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((c) => c.email)).toEqual(['n4@example.com', 'n3@example.com', 'n2@example.com', 'n1@example.com']);
  });

  it('fails with one JSON error on stderr and status 1, and never shows the key', async () => {
    const key = 'sk_live_DoNotLeakThisKey1234';
    const live = await exec(['read', '--object', 'customers', '--id', 'cus_1'], key);
    expect(live.code).toBe(1);
    expect(live.stdout).toBe('');
    const error = JSON.parse(live.stderr).error;
    expect(error).toMatchObject({ code: 'authentication_failed', retryable: false });
    expect(live.stderr).not.toContain('DoNotLeakThisKey');

    const query = await exec(['search', '--object', 'customers', '--query', 'email:jenny'], testKey());
    expect(query.code).toBe(1);
    expect(JSON.parse(query.stderr).error).toMatchObject({ code: 'invalid_query', offset: 6 });
  });

  it('exits 2 on usage errors, and without a key', async () => {
    expect((await exec(['launch'], testKey())).code).toBe(2);
    const badData = await exec(['create', '--object', 'customers', '--data', '{oops'], testKey());
    expect(badData.code).toBe(2);
    expect(badData.stderr).toMatch(/not JSON/);
    const noKey = await exec(['test'], undefined);
    expect(noKey.code).toBe(2);
    expect(JSON.parse(noKey.stderr).error.message).toMatch(/set STRIPE_API_KEY/);
  });

  it('goes through the proxy with --use-proxy, and directly without', async () => {
    const proxy = await startProcess([fileURLToPath(new URL('./support/proxy-process.mjs', import.meta.url))], /proxy listening on (\d+)/);
    try {
      const env = { HTTP_PROXY: `http://127.0.0.1:${proxy.match[1]}`, NO_PROXY: '' };
      const direct = await exec(['test'], testKey(), env);
      expect(direct.code).toBe(0);
      expect(proxy.output()).not.toContain('/v1/customers');
      const proxied = await exec(['test', '--use-proxy'], testKey(), env);
      expect(proxied.code).toBe(0);
      expect(proxy.output()).toContain(`"url":"${sandbox.url}/v1/customers?limit=1"`);

      const down = await exec(['test', '--use-proxy'], testKey(), { HTTP_PROXY: 'http://127.0.0.1:1', NO_PROXY: '' });
      expect(down.code).toBe(1);
      expect(JSON.parse(down.stderr).error).toMatchObject({ code: 'proxy' });
      // The proxy refused, so the message names the proxy and not Stripe's host.
      const message = JSON.parse(down.stderr).error.message as string;
      expect(message).toMatch(/^The proxy http:\/\/127.0.0.1:1 refused the connection/);
      expect(message).not.toContain(sandbox.url);
    } finally {
      await stop(proxy.child);
    }
  });
});

describe('stripe-agent catalog', () => {
  it('prints the catalog, or one object of it', async () => {
    const all = await runCli(['catalog']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).map((e: { object: string }) => e.object)).toEqual(expect.arrayContaining(['customers', 'charges', 'subscriptions']));
    const one = await runCli(['catalog', '--object', 'payment_intents']);
    expect(JSON.parse(one.stdout)).toMatchObject({ object: 'payment_intents', activities: ['search', 'read', 'create', 'update'] });
    const unknown = await runCli(['catalog', '--object', 'widgets']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr).error.code).toBe('unknown_object');
  });
});
