import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOKEN, api, startControlPlane, stopAll, tempDir, waitFor, type ControlPlaneProcess } from './support/cluster.js';
import { runCli, startCli, startProcess, type Started } from './support/process.js';

const PROXY_SCRIPT = fileURLToPath(new URL('./support/proxy-process.mjs', import.meta.url));
const PROXY_PASSWORD = 'pr0xy-Secret';

/** The environment without proxy variables, so that only --proxy decides the path. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) delete env[name];
  return env;
}

function tokenFile(token: string): string {
  const file = join(tempDir('token'), 'token');
  writeFileSync(file, `${token}\n`, { mode: 0o640 });
  return file;
}

function configure(args: string[]) {
  return runCli(['configure', ...args], cleanEnv());
}

/** A port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

let cp: ControlPlaneProcess;
beforeAll(async () => {
  cp = await startControlPlane();
});
afterAll(() => stopAll(cp));

describe('stripe-agent configure', () => {
  it('writes a config the agent runs with, keeping other keys, once the control plane accepted the token', async () => {
    const dir = tempDir('configure');
    const config = join(dir, 'agent.json');
    writeFileSync(config, JSON.stringify({ concurrency: 2, token: 'an-old-inline-token', proxy: { url: 'http://127.0.0.1:1', noProxy: '127.0.0.1' } }), { mode: 0o640 });
    const exports = join(dir, 'exports');
    mkdirSync(exports);
    const token = tokenFile(AGENT_TOKEN);
    const { code, stdout, stderr } = await configure(['--control-plane', cp.url, '--token-file', token, '--name', 'configured', '--files-root', `exports=${exports}`, '--config', config]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The proxy section is kept, and its noProxy sends the control plane direct: the check took the agent's own path.
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({
      concurrency: 2,
      proxy: { url: 'http://127.0.0.1:1', noProxy: '127.0.0.1' },
      controlPlane: cp.url,
      tokenFile: token,
      name: 'configured',
      files: { roots: { exports } },
    });
    expect(stdout).toContain('systemctl enable --now stripe-agent');
    expect(stdout).toContain(`ReadWritePaths=${exports}`);
    expect(stdout).not.toContain(AGENT_TOKEN);

    // The check registered no agent; the written file is enough for one to join.
    const call = api(cp.url);
    expect((await call('GET', '/api/v1/agents')).body).toEqual([]);
    const agent = await startCli(['run', '--config', config, '--data-dir', tempDir('agent')], /"msg":"agent starting"/, cleanEnv());
    try {
      const joined = await waitFor(async () => (await call('GET', '/api/v1/agents')).body.find((a: any) => a.connected), 'the configured agent to connect');
      expect(joined.name).toBe('configured');
    } finally {
      await stopAll(agent);
    }
  });

  it('refuses a token the control plane does not accept, and writes nothing', async () => {
    const config = join(tempDir('configure'), 'agent.json');
    const wrong = 'sat_not_the_groups_token';
    const { code, stdout, stderr } = await configure(['--control-plane', cp.url, '--token-file', tokenFile(wrong), '--config', config]);
    expect(code).toBe(1);
    expect(stderr).toContain('401');
    expect(stderr).toContain(config);
    expect(stdout + stderr).not.toContain(wrong);
    expect(existsSync(config)).toBe(false);
  });

  it('refuses an unreachable control plane and leaves an existing config as it was', async () => {
    const config = join(tempDir('configure'), 'agent.json');
    const before = JSON.stringify({ controlPlane: cp.url, tokenFile: '/etc/stripe-agent/token' });
    writeFileSync(config, before);
    const down = `http://127.0.0.1:${await closedPort()}`;
    const { code, stderr } = await configure(['--control-plane', down, '--token-file', tokenFile(AGENT_TOKEN), '--config', config]);
    expect(code).toBe(1);
    expect(stderr).toContain('ECONNREFUSED');
    expect(stderr).toContain(new URL(down).host);
    expect(readFileSync(config, 'utf8')).toBe(before);
  });

  it('refuses bad input before it connects, naming it', async () => {
    const dir = tempDir('configure');
    const config = join(dir, 'agent.json');
    const token = tokenFile(AGENT_TOKEN);
    const cases: Array<[string[], string]> = [
      [['--token-file', join(dir, 'missing')], 'missing'],
      [['--token-file', token, '--files-root', 'exports'], 'NAME=DIR'],
      [['--token-file', token, '--files-root', `exports=${join(dir, 'nowhere')}`], 'nowhere'],
      [['--token-file', token, '--proxy', 'proxy.corp:3128'], 'no scheme'],
    ];
    const results = await Promise.all(cases.map(([args]) => configure(['--control-plane', cp.url, '--config', config, ...args])));
    results.forEach(({ code, stderr }, i) => {
      expect({ args: cases[i]![0], code }).toEqual({ args: cases[i]![0], code: 2 });
      expect(stderr).toContain(cases[i]![1]);
    });
    const [scheme, missing] = await Promise.all([
      configure(['--control-plane', 'ftp://cp.example', '--token-file', token, '--config', config]),
      configure(['--token-file', token, '--config', config]),
    ]);
    expect([scheme.code, missing.code]).toEqual([2, 2]);
    expect(existsSync(config)).toBe(false);
  });
});

describe('stripe-agent configure through a proxy', () => {
  let proxy: Started & { match: RegExpMatchArray };
  beforeAll(async () => {
    proxy = await startProcess([PROXY_SCRIPT], /proxy listening on (\d+)/, { ...process.env, PROXY_USER: 'agent', PROXY_PASSWORD, PROXY_PORT: '0' });
  });
  afterAll(() => stopAll(proxy));

  it('checks the control plane through the proxy, and refuses credentials the proxy refuses', async () => {
    const config = join(tempDir('configure'), 'agent.json');
    const token = tokenFile(AGENT_TOKEN);
    const port = proxy.match[1];
    const wrong = await configure(['--control-plane', cp.url, '--token-file', token, '--proxy', `http://agent:not-it@127.0.0.1:${port}`, '--config', config]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('407');
    expect(wrong.stderr).not.toContain('not-it');
    expect(existsSync(config)).toBe(false);

    const url = `http://agent:${PROXY_PASSWORD}@127.0.0.1:${port}`;
    const { code, stdout } = await configure(['--control-plane', cp.url, '--token-file', token, '--proxy', url, '--config', config]);
    expect(code).toBe(0);
    expect(proxy.output()).toContain(`"method":"CONNECT","url":"127.0.0.1:${cp.port}"`);
    expect(JSON.parse(readFileSync(config, 'utf8')).proxy).toEqual({ url });
    expect(stdout).not.toContain(PROXY_PASSWORD);
  });
});
