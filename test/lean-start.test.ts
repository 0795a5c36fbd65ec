import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, stopAll, tempDir, type AgentProcess, type ControlPlaneProcess } from './support/cluster.js';
import { CLI, MODULES_CLI, runCli, startCli, stop } from './support/process.js';

/*
 * Each command loads what it runs, after its flags are read. A resolve hook (Node's module
 * customization hooks) in the spawned process writes every module URL it loads to a file, so
 * these tests see exactly what a real `stripe-agent` process imported: the CLI as tsc compiled
 * it, one file per module, and the bundle that ships, whose chunks are what those lazy imports
 * split it into (each named after the module a lazy import loads).
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
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`);

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
      const urls = loaded();
      expect(matching(urls, /\/dist\/agent\/daemon\.js$/)).toHaveLength(1);
      for (const heavy of [SDK, SANDBOX, CONTROL_PLANE, /\/node_modules\/(jsonata|prom-client)\//, /\/dist\/agent\/operations\/runner\.js$/]) {
        expect(matching(urls, heavy)).toEqual([]);
      }
      expect(await stop(agent.child)).toBe(0);
    });

    it('as shipped, bundled, is ready for work without the chunks of the SDK, the sandbox, the control plane, the operations runner or the metrics', async () => {
      const { env, loaded } = recording();
      const dataDir = tempDir('lean-bundle');
      const started = await startCli(['run', '--control-plane', plane.url, '--token', 'sat_test_agent_token', '--data-dir', dataDir, '--name', 'lean-bundle'], /"msg":"ready for work"/, env);
      agent = { ...started, dataDir };
      const urls = loaded();
      expect(matching(urls, /\/dist\/bin\/daemon-\w+\.js$/)).toHaveLength(1);
      expect(matching(urls, /\/dist\/(?!bin\/)/)).toEqual([]);
      const chunks = readdirSync(dirname(CLI));
      for (const chunk of ['stripe.esm.node', 'server', 'control-plane', 'runner', 'metrics']) {
        expect(chunks.filter((file) => file.startsWith(`${chunk}-`))).toHaveLength(1);
        expect(matching(urls, new RegExp(`/dist/bin/${chunk.replace('.', '\\.')}-\\w+\\.js$`))).toEqual([]);
      }
      expect(await stop(agent.child)).toBe(0);
    });
  });
});
