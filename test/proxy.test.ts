import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoProxy, ProxySettings } from '../src/agent/proxy.js';
import type { Sandbox } from '../src/sandbox/server.js';
import { api, finished, startControlPlane, stopAll, waitFor } from './support/cluster.js';
import { CLI, runCli, startProcess, stop, type Started } from './support/process.js';
import { startSandbox, testKey } from './support/sandbox.js';

const PROXY_SCRIPT = fileURLToPath(new URL('./support/proxy-process.mjs', import.meta.url));
const USER = 'agent';
const PASSWORD = 'pr0xy-Secret';

function startProxy(port = 0): Promise<Started & { match: RegExpMatchArray }> {
  return startProcess([PROXY_SCRIPT], /proxy listening on (\d+)/, { ...process.env, PROXY_USER: USER, PROXY_PASSWORD: PASSWORD, PROXY_PORT: String(port) });
}

function config(proxy: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'proxy-config-')), 'agent.json');
  writeFileSync(file, JSON.stringify({ proxy }));
  return file;
}

function cleanEnv(key: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, STRIPE_API_KEY: key };
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) delete env[name];
  return env;
}

describe('proxy settings', () => {
  it.each([
    ['api.corp.example', 443, 'api.corp.example', true],
    ['other.example', 443, 'api.corp.example', false],
    ['a.b.corp.example', 443, '.corp.example', true],
    ['corp.example', 443, '.corp.example', true],
    ['corp.example', 443, '*.corp.example', false],
    ['x.corp.example', 443, '*.corp.example', true],
    ['sub.example.com', 443, 'example.com', true],
    ['notexample.com', 443, 'example.com', false],
    ['cp.internal', 8780, 'cp.internal:8780', true],
    ['cp.internal', 443, 'cp.internal:8780', false],
    ['10.1.2.3', 443, '10.0.0.0/8', true],
    ['11.1.2.3', 443, '10.0.0.0/8', false],
    ['192.168.1.5', 443, '192.168.1.5', true],
    ['::1', 443, '::1/128', true],
    ['anything', 443, '*', true],
    ['API.Corp.Example', 443, 'api.corp.example', true],
  ])('%s:%s with noProxy %s → bypass %s', (host, port, rule, bypass) => {
    expect(new NoProxy(rule).matches(host, port)).toBe(bypass);
  });

  it('looks WebSocket URLs up as http/https, so HTTPS_PROXY covers wss:// and HTTP_PROXY ws://', () => {
    const settings = ProxySettings.resolve(undefined, { HTTPS_PROXY: 'http://secure:1', http_proxy: 'http://plain:2', NO_PROXY: '.internal' })!;
    expect(settings.proxyFor('wss://cp.example.com/api/v1/agent/connect')).toBe('http://secure:1');
    expect(settings.proxyFor('https://api.stripe.com/v1/customers')).toBe('http://secure:1');
    expect(settings.proxyFor('ws://cp.example.com:8780/x')).toBe('http://plain:2');
    expect(settings.proxyFor('wss://cp.internal/x')).toBeUndefined();
    expect(ProxySettings.resolve(undefined, {})).toBeUndefined();
  });

  it('refuses a proxy URL without a scheme, saying what to write, with the password masked', () => {
    expect(() => ProxySettings.resolve({ url: 'user:hunter2@proxy.corp:3128' })).toThrow(
      "proxy.url 'user:****@proxy.corp:3128' has no scheme; write it as http://user:****@proxy.corp:3128",
    );
    let message = '';
    try {
      ProxySettings.resolve(undefined, { HTTPS_PROXY: 'proxy.corp:3128' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/HTTPS_PROXY 'proxy.corp:3128' has no scheme/);
    expect(() => ProxySettings.resolve({ url: 'ftp://proxy:21' })).toThrow(/not a proxy scheme/);
  });

  it('takes the password from a file or a variable, and never shows it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pw-')), 'password');
    writeFileSync(file, 's3cret\n');
    const fromFile = ProxySettings.resolve({ url: 'http://agent@proxy:3128', passwordFile: file })!;
    expect(fromFile.proxyFor('https://api.stripe.com')).toBe('http://agent:s3cret@proxy:3128/');
    expect(fromFile.describe('https://api.stripe.com')).toBe('http://agent:****@proxy:3128');
    const fromEnv = ProxySettings.resolve({ url: 'http://agent@proxy:3128', passwordEnv: 'PROXY_PW' }, { PROXY_PW: 'x' })!;
    expect(fromEnv.proxyFor('https://api.stripe.com')).toBe('http://agent:x@proxy:3128/');
    expect(() => ProxySettings.resolve({ url: 'http://agent@proxy:3128', passwordEnv: 'MISSING' }, {})).toThrow(/MISSING, which is not set/);
  });
});

describe('through a real proxy process', () => {
  let sandbox: Sandbox;
  let proxy: Started & { match: RegExpMatchArray };
  let proxyUrl: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    proxy = await startProxy();
    proxyUrl = `http://${USER}:${PASSWORD}@127.0.0.1:${proxy.match[1]}`;
  });
  afterAll(async () => {
    await stopAll(proxy);
    await sandbox.close();
  });

  it("carries the agent's WebSocket and a useProxySettings connection's calls, not the others; survives a proxy restart", async () => {
    const cp = await startControlPlane({ apiBases: [sandbox.url] });
    const file = config({ url: proxyUrl });
    const proxied = await startProcess(
      [CLI, 'run', '--config', file, '--control-plane', cp.url, '--token', 'sat_test_agent_token', '--data-dir', mkdtempSync(join(tmpdir(), 'agent-')), '--name', 'proxied'],
      /"msg":"ready for work"/,
      cleanEnv(''),
    );
    try {
      expect(proxy.output()).toContain(`"method":"CONNECT","url":"127.0.0.1:${new URL(cp.url).port}"`);
      const call = api(cp.url);
      const key = testKey();
      const through = (await call('POST', '/api/v1/connections', { name: 'Through', apiKey: key, apiBase: sandbox.url, useProxySettings: true })).body;
      const direct = (await call('POST', '/api/v1/connections', { name: 'Direct', apiKey: key, apiBase: sandbox.url })).body;
      const before = proxy.output().length;
      const [a] = await finished(call, [(await call('POST', `/api/v1/connections/${direct.id}/test`)).body.jobId]);
      expect(a.status).toBe('succeeded');
      expect(proxy.output().slice(before)).not.toContain('/v1/customers');
      // Several calls through the proxy, so that a reused socket must carry the credentials too.
      const queued = await Promise.all([1, 2, 3].map(async () => (await call('POST', `/api/v1/connections/${through.id}/test`)).body.jobId));
      expect((await finished(call, queued)).map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect(proxy.output().slice(before)).toContain(`"url":"${sandbox.url}/v1/customers?limit=1"`);

      // The proxy goes away and comes back on the same port: the agent reconnects through it.
      const port = Number(proxy.match[1]);
      await stop(proxy.child, 'SIGKILL');
      await waitFor(async () => (await call('GET', '/api/v1/agents')).body.every((x: any) => !x.connected), 'the agent to lose its socket');
      proxy = await startProxy(port);
      await waitFor(async () => (await call('GET', '/api/v1/agents')).body.some((x: any) => x.connected), 'the agent to reconnect', 30_000);
      expect(proxy.output()).toContain(`"method":"CONNECT","url":"127.0.0.1:${new URL(cp.url).port}"`);
      expect(proxied.output()).not.toContain(PASSWORD);
    } finally {
      await stopAll(proxied, cp);
    }
  });

  it('lets noProxy entries (a CIDR, a suffix) bypass it', async () => {
    const key = testKey();
    const before = proxy.output().length;
    const cidr = await runCli(['exec', 'test', '--use-proxy', '--config', config({ url: proxyUrl, noProxy: ['10.0.0.0/8', '127.0.0.0/8'] }), '--api-base', sandbox.url], cleanEnv(key));
    expect(cidr.code, cidr.stderr).toBe(0);
    const localhost = sandbox.url.replace('127.0.0.1', 'localhost');
    const suffix = await runCli(['exec', 'test', '--use-proxy', '--config', config({ url: proxyUrl, noProxy: '.localhost' }), '--api-base', localhost], cleanEnv(key));
    expect(suffix.code, suffix.stderr).toBe(0);
    expect(proxy.output().slice(before)).toBe('');
    const through = await runCli(['exec', 'test', '--use-proxy', '--config', config({ url: proxyUrl, noProxy: '.corp.example' }), '--api-base', sandbox.url], cleanEnv(key));
    expect(through.code).toBe(0);
    expect(proxy.output().slice(before)).toContain('/v1/customers');
  });

  it('names a wrong password (407) and an unreachable proxy, password masked', async () => {
    const wrong = await runCli(['exec', 'test', '--use-proxy', '--config', config({ url: proxyUrl.replace(PASSWORD, 'wrong-one') }), '--api-base', sandbox.url], cleanEnv(testKey()));
    expect(wrong.code).toBe(1);
    const error = JSON.parse(wrong.stderr).error;
    expect(error).toMatchObject({ code: 'proxy' });
    expect(error.message).toMatch(/^Through the proxy http:\/\/agent:\*\*\*\*@127\.0\.0\.1:\d+: the proxy refused the credentials \(407/);
    expect(wrong.stderr).not.toContain('wrong-one');

    const down = await runCli(['exec', 'test', '--use-proxy', '--config', config({ url: `http://${USER}:${PASSWORD}@127.0.0.1:1` }), '--api-base', sandbox.url], cleanEnv(testKey()));
    expect(JSON.parse(down.stderr).error).toMatchObject({ code: 'proxy', message: expect.stringMatching(/^The proxy http:\/\/agent:\*\*\*\*@127.0.0.1:1 refused the connection \(ECONNREFUSED\); check the proxy settings/) });
    expect(down.stderr).not.toContain(PASSWORD);

    const noScheme = await runCli(['exec', 'test', '--use-proxy', '--config', config({ url: '127.0.0.1:3128' }), '--api-base', sandbox.url], cleanEnv(testKey()));
    expect(JSON.parse(noScheme.stderr).error.message).toMatch(/has no scheme; write it as http:\/\/127.0.0.1:3128/);
  });

  it('doctor prints one line per check and exits 0 only when every configured path works', async () => {
    const env = cleanEnv(testKey());
    const good = await runCli(['doctor', '--config', config({ url: proxyUrl }), '--control-plane', sandbox.url, '--api-base', sandbox.url], env);
    expect(good.code, good.stdout).toBe(0);
    const lines = good.stdout.trim().split('\n');
    expect(lines.every((l) => l.startsWith('ok  '))).toBe(true);
    expect(good.stdout).toMatch(/control plane +127\.0\.0\.1:\d+ through the proxy http:\/\/agent:\*\*\*\*@127\.0\.0\.1:\d+: HTTP 404/);
    expect(good.stdout).toMatch(/stripe \(direct\) +authenticated Stripe call/);
    expect(good.stdout).toMatch(/stripe \(proxied\) +authenticated Stripe call \(STRIPE_API_KEY\): test secret key/);

    const bad = await runCli(['doctor', '--config', config({ url: proxyUrl.replace(PASSWORD, 'nope') }), '--api-base', sandbox.url], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL +stripe \(proxied\) .*407 Proxy Authentication Required/m);
    expect(bad.stdout).toMatch(/^ok +stripe \(direct\) +HTTP \/v1\/customers: HTTP 401/m);
    expect(bad.stdout + bad.stderr).not.toContain('nope');
  });

  it('reaches a TLS server with a private CA through the proxy with caFile, and fails clearly without it', async () => {
    const tls = await tlsFront(sandbox.url);
    try {
      const base = `https://localhost:${tls.port}`;
      const withCa = await runCli(['exec', 'test', '--use-proxy', '--config', config({ url: proxyUrl, caFile: tls.certFile }), '--api-base', base], cleanEnv(testKey()));
      expect(withCa.code, withCa.stderr).toBe(0);
      expect(proxy.output()).toContain(`"method":"CONNECT","url":"localhost:${tls.port}"`);
      const without = await runCli(['exec', 'test', '--use-proxy', '--config', config({ url: proxyUrl }), '--api-base', base], cleanEnv(testKey()));
      expect(without.code).toBe(1);
      const error = JSON.parse(without.stderr).error;
      expect(error.code).toBe('tls');
      expect(error.message).toMatch(/caFile/);
    } finally {
      tls.server.close();
    }
  });
});

/** An HTTPS server with a certificate of its own making that forwards to the sandbox. */
async function tlsFront(target: string): Promise<{ server: Server; port: number; certFile: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tls-front-'));
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', certFile], { stdio: 'ignore' });
  const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(certFile) }, (req, res) => {
    const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode!, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, certFile };
}
