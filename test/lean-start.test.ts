import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, stopAll, tempDir, type AgentProcess, type ControlPlaneProcess } from './support/cluster.js';
import { CLI, MODULES_CLI, runCli, runNode, startCli, stop } from './support/process.js';

/*
 * Each command loads what it runs, after its flags are read. A resolve hook (Node's module
 * customization hooks) in the spawned process writes every module URL it loads to a file, and the
 * CommonJS modules it required are added as it exits, so these tests see exactly what a real
 * `stripe-agent` process loaded: the CLI as tsc compiled it, one file per module, and the bundle
 * that ships, whose chunks are what those lazy imports split it into (each named after the module
 * a lazy import loads), and whose agent is one CommonJS file (src/cli/agent-code.ts).
 */
const dir = tempDir('lean-start');
const hook = join(dir, 'record-hook.mjs');
const register = join(dir, 'register.mjs');
writeFileSync(hook, `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.LOADED_MODULES_FILE, resolved.url + '\\n');
  return resolved;
}
`);
writeFileSync(register, `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
register(${JSON.stringify(pathToFileURL(hook).href)});
const required = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(process.env.LOADED_MODULES_FILE, Object.keys(required).map((f) => pathToFileURL(f).href + '\\n').join('')));
`);

let runs = 0;
function recording(): { env: NodeJS.ProcessEnv; loaded: () => string[] } {
  const file = join(dir, `loaded-${++runs}.txt`);
  writeFileSync(file, '');
  return {
    env: { ...process.env, NODE_OPTIONS: `--import ${pathToFileURL(register).href}`, LOADED_MODULES_FILE: file },
    loaded: () => readFileSync(file, 'utf8').split('\n').filter(Boolean),
  };
}

const SDK = /\/node_modules\/stripe\//;
const SANDBOX = /\/dist\/sandbox\/server\.js$/;
const CONTROL_PLANE = /\/dist\/control-plane\/control-plane\.js$/;
const HEAVY = [SDK, SANDBOX, CONTROL_PLANE, /\/node_modules\/(better-sqlite3|pino|ws|proxy-agent|jsonata)\//];
const matching = (urls: string[], pattern: RegExp) => urls.filter((u) => pattern.test(u));

describe('a lean start', () => {
  it('--help loads the command table only: no Stripe SDK, sandbox, control plane, SQLite, logger, schema checks or network library', async () => {
    const { env, loaded } = recording();
    const { code, stdout } = await runCli(['--help'], env, MODULES_CLI);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: stripe-agent/);
    const urls = loaded();
    expect(matching(urls, /\/dist\/cli\/run\.js$/)).toHaveLength(1);
    for (const heavy of [...HEAVY, /\/node_modules\/zod\//]) expect(matching(urls, heavy)).toEqual([]);
  });

  it('a command rejecting its flags has loaded nothing of what it would run', async () => {
    const { env, loaded } = recording();
    const { code, stderr } = await runCli(['sandbox', '--port', 'many'], env, MODULES_CLI);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--port/);
    expect(matching(loaded(), SANDBOX)).toEqual([]);
  });

  it.each([
    ['as tsc compiled it', MODULES_CLI, /\/dist\/agent\/daemon\.js$/],
    // The bundled daemon is in the agent's file, read whole; SQLite, which only it opens, shows whether it started.
    ['bundled', CLI, /\/node_modules\/better-sqlite3\//],
  ])('run rejecting its flags has started nothing of the daemon (%s)', async (_, cli, daemon) => {
    const { env, loaded } = recording();
    const { code, stderr } = await runCli(['run', '--control-plane', 'ws://127.0.0.1:1', '--token', 't', '--no-such-flag'], env, cli);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option '--no-such-flag'/);
    expect(matching(loaded(), daemon)).toEqual([]);
  });

  it('catalog reads the Stripe description without loading the Stripe SDK', async () => {
    const { env, loaded } = recording();
    const { code, stdout } = await runCli(['catalog', '--object', 'customers'], env, MODULES_CLI);
    expect(code).toBe(0);
    const entry = JSON.parse(stdout);
    expect(entry).toMatchObject({ object: 'customers', activities: expect.arrayContaining(['search', 'create']) });
    expect(entry.requestSchema.create.properties.email).toMatchObject({ type: 'string' });
    expect(matching(loaded(), SDK)).toEqual([]);
  });

  describe('the agent', () => {
    let plane: ControlPlaneProcess;
    let agent: AgentProcess | undefined;
    beforeAll(async () => {
      plane = await startControlPlane();
    });
    afterAll(() => stopAll(agent, plane));

    it('is ready for work without the sandbox, the control plane, JSONata, prom-client (no --metrics-addr) or the Stripe SDK loaded', async () => {
      const { env, loaded } = recording();
      const dataDir = tempDir('lean-agent');
      const started = await startCli(['run', '--control-plane', plane.url, '--token', 'sat_test_agent_token', '--data-dir', dataDir, '--name', 'lean'], /"msg":"ready for work"/, env, MODULES_CLI);
      agent = { ...started, dataDir };
      expect(await stop(agent.child)).toBe(0);
      const urls = loaded();
      expect(matching(urls, /\/dist\/agent\/daemon\.js$/)).toHaveLength(1);
      for (const heavy of [SDK, SANDBOX, CONTROL_PLANE, /\/node_modules\/(jsonata|prom-client)\//, /\/dist\/agent\/operations\/runner\.js$/]) {
        expect(matching(urls, heavy)).toEqual([]);
      }
    });

    it('as shipped, runs its agent from one file, without the chunks of the SDK, the sandbox or the control plane, or what operations and metrics need', async () => {
      const { env, loaded } = recording();
      const dataDir = tempDir('lean-bundle');
      const started = await startCli(['run', '--control-plane', plane.url, '--token', 'sat_test_agent_token', '--data-dir', dataDir, '--name', 'lean-bundle'], /"msg":"ready for work"/, env);
      agent = { ...started, dataDir };
      expect(await stop(agent.child)).toBe(0);
      const urls = loaded();
      // agent.cjs is read as a file, not imported: what it requires shows that it ran.
      expect(matching(urls, /\/node_modules\/better-sqlite3\/lib\/index\.js$/)).toHaveLength(1);
      expect(matching(urls, /\/dist\/(?!bin\/)/)).toEqual([]);
      expect(matching(urls, /\/dist\/bin\/(?!stripe-agent\.js$|chunk-)/)).toEqual([]);
      const chunks = readdirSync(dirname(CLI));
      for (const chunk of ['server', 'control-plane', 'daemon', 'runner', 'metrics']) {
        expect(chunks.filter((file) => file.startsWith(`${chunk}-`))).toHaveLength(1);
        expect(matching(urls, new RegExp(`/dist/bin/${chunk}-\\w+\\.js$`))).toEqual([]);
      }
      // The SDK's entry re-exports the chunk that holds it.
      const sdk = /from "\.\/(chunk-\w+\.js)"/.exec(readFileSync(join(dirname(CLI), 'stripe-sdk.js'), 'utf8'))![1]!;
      expect(readFileSync(join(dirname(CLI), sdk), 'utf8')).toMatch(/api\.stripe\.com/);
      expect(matching(urls, new RegExp(`/dist/bin/${sdk.replace('.', '\\.')}$`))).toEqual([]);
      for (const heavy of [SDK, /\/node_modules\/(jsonata|prom-client|csv-parse|csv-stringify)\//]) expect(matching(urls, heavy)).toEqual([]);
    });
  });
});

describe('the shipped agent starts from compiled code', () => {
  const root = new URL('../', import.meta.url);
  /** The NODE_OPTIONS a shipped file runs the agent with. */
  const nodeOptions = (file: string) => /NODE_OPTIONS=(.*?)\s*\\?$/m.exec(readFileSync(new URL(file, root), 'utf8'))![1]!;
  const caches = JSON.parse(readFileSync(new URL('agent.cjs.caches.json', pathToFileURL(CLI)), 'utf8')) as Array<{ flags: string[]; file: string }>;
  let plane: ControlPlaneProcess;
  let agent: AgentProcess | undefined;
  beforeAll(async () => {
    plane = await startControlPlane();
  });
  afterEach(async () => {
    await stopAll(agent);
    agent = undefined;
  });
  afterAll(() => stopAll(plane));

  it.each([
    ['plain node', ''],
    ['the systemd unit', nodeOptions('systemd/stripe-agent.service')],
    ['the container image', nodeOptions('Dockerfile')],
  ])('with the flags of %s', async (_, flags) => {
    const made = caches.find((c) => c.flags.join(' ') === flags);
    expect(made, `the build made no code for NODE_OPTIONS='${flags}'`).toBeDefined();
    const dataDir = tempDir('code-cache');
    const started = await startCli(['run', '--control-plane', plane.url, '--token', 'sat_test_agent_token', '--data-dir', dataDir, '--name', 'cached', '--log-level', 'debug'],
      /"msg":"ready for work"/, { ...process.env, NODE_OPTIONS: flags });
    agent = { ...started, dataDir };
    expect(started.output()).toContain(`"codeCache":"${made!.file}","msg":"agent code compiled"`);
  });

  it('runs its file in strict mode, as its ES modules do', async () => {
    const probe = join(dir, 'strict-probe.mjs');
    writeFileSync(probe, `import { readFileSync } from 'node:fs';
const { AGENT_BUNDLE, compileAgentBundle } = await import(${JSON.stringify(new URL('dist/cli/agent-code.js', root).href)});
const { exports } = compileAgentBundle(AGENT_BUNDLE, readFileSync(AGENT_BUNDLE), undefined);
try { void exports.runProgram.caller; console.log('sloppy'); } catch (e) { console.log(e instanceof TypeError ? 'strict' : String(e)); }
`);
    const { code, stdout } = await runNode([probe]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('strict');
  });
});
