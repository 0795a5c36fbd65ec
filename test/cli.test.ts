import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, stop } from './support/process.js';

const READY = /listening on (http:\/\/\S+)/;

async function post(url: string, path: string, key: string, body: string) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  return (await res.json()) as any;
}

describe('the stripe-agent command', () => {
  it('lists its subcommands, and each has --help', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Commands:[\s\S]*sandbox/);
    const sub = await runCli(['sandbox', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/--port <port>[\s\S]*--host <host>[\s\S]*--state <file>/);
  });

  it('exits 2 on a usage error, naming it', async () => {
    const bad = await runCli(['sandbox', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--port <port>' argument 'eighty' is invalid/);
    expect((await runCli(['no-such-command'])).code).toBe(2);
  });

  it('serves the sandbox until SIGTERM, then exits 0', async () => {
    const { child, match } = await startCli(['sandbox', '--port', '0'], READY);
    const customer = await post(match[1]!, '/v1/customers', 'sk_test_cli', 'email=cli@example.com');
    expect(customer.id).toMatch(/^cus_/);
    expect(await stop(child, 'SIGTERM')).toBe(0);
  });

  it('exits 0 on SIGINT too', async () => {
    const { child, output } = await startCli(['sandbox', '--port', '0'], READY);
    expect(await stop(child, 'SIGINT')).toBe(0);
    expect(output()).toMatch(/SIGINT: stopping/);
  });

  it('keeps state across restarts with --state', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'sandbox-state-')), 'sandbox.db');
    const first = await startCli(['sandbox', '--port', '0', '--state', state], READY);
    const created = await post(first.match[1]!, '/v1/products', 'sk_test_keep', 'name=Kept');
    expect(await stop(first.child)).toBe(0);

    const second = await startCli(['sandbox', '--port', '0', '--state', state], READY);
    try {
      const res = await fetch(`${second.match[1]}/v1/products/${created.id}`, { headers: { Authorization: 'Bearer sk_test_keep' } });
      expect(await res.json()).toMatchObject({ id: created.id, name: 'Kept' });
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  });

  it('says clearly when its port is taken', async () => {
    const first = await startCli(['sandbox', '--port', '0'], READY);
    const port = new URL(first.match[1]!).port;
    try {
      const second = await runCli(['sandbox', '--port', port]);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(new RegExp(`port ${port} is in use; pick another with --port`));
    } finally {
      await stop(first.child);
    }
  });
});
