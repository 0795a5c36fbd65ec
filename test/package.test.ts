import { execFile as execFileCb, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/server.js';
import { ADMIN, AGENT_TOKEN, api, startControlPlane, stopAll, tempDir, waitFor, type ControlPlaneProcess } from './support/cluster.js';
import { startCommand, stop, type Started } from './support/process.js';
import { startSandbox, stripeFor, testKey } from './support/sandbox.js';

const execFile = promisify(execFileCb);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const onPath = (tool: string) => (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, tool)));
// .ci/run installs Debian's packaging tools; elsewhere the file runs where they are.
const TOOLS = ['dpkg-deb', 'dpkg-shlibdeps', 'fakeroot', 'lintian'];

/**
 * The environment of a host without Node.js: a PATH holding only what the launcher needs
 * (readlink and dirname), so that a `node` it looked up would not be found.
 */
function hostWithoutNode(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const bin = tempDir('no-node-bin');
  chmodSync(bin, 0o755);
  for (const tool of ['readlink', 'dirname']) symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
  return { PATH: bin, HOME: tempDir('home'), ...extra };
}

describe.skipIf(!TOOLS.every(onPath) && !process.env.CI)('npm run package', () => {
  const arch = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
  const deb = join(ROOT, 'dist/packages', `stripe-agent_${VERSION.replaceAll('-', '~')}_${arch}.deb`);
  const tarball = join(ROOT, 'dist/packages', `stripe-agent-${VERSION}-linux-${process.arch}.tar.gz`);
  let extracted: string;
  let sandbox: Sandbox;
  let lintian: Promise<{ code: number; stdout: string }>;

  // One build for the whole file: it is the slow part.
  beforeAll(async () => {
    await execFile('npm', ['run', 'package'], { cwd: ROOT, maxBuffer: 16 << 20 });
    // lintian is slow and only reads the .deb: it runs while the other tests do.
    // Two checks are skipped for time: they read every string of the runtime and every script, and can only report info and warnings.
    lintian = execFile('lintian', ['--fail-on', 'error', '-X', 'binaries/spelling,languages/javascript/embedded', deb], { maxBuffer: 16 << 20 }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    extracted = tempDir('deb');
    execFileSync('dpkg-deb', ['-x', deb, extracted]);
    sandbox = await startSandbox();
  }, 600_000);
  afterAll(async () => {
    await lintian;
    await sandbox?.close();
  });

  it('builds a .deb that declares its version, architecture, dependencies and conffile', () => {
    const field = (name: string) => execFileSync('dpkg-deb', ['-f', deb, name], { encoding: 'utf8' }).trim();
    expect(field('Package')).toBe('stripe-agent');
    expect(field('Version')).toBe(VERSION.replaceAll('-', '~'));
    expect(field('Architecture')).toBe(arch);
    expect(field('Depends')).toMatch(/^passwd, .*libc6 \(>= [\d.]+\)/);
    expect(execFileSync('dpkg-deb', ['-I', deb, 'conffiles'], { encoding: 'utf8' })).toBe('/etc/stripe-agent/agent.json\n');
    const listing = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8', maxBuffer: 16 << 20 });
    for (const path of ['./opt/stripe-agent/runtime/node', './opt/stripe-agent/app/dist/bin/stripe-agent.js', './opt/stripe-agent/app/migrations/', './opt/stripe-agent/app/src/control-plane/console/index.html', './opt/stripe-agent/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node', './lib/systemd/system/stripe-agent.service', './etc/stripe-agent/agent.json']) {
      expect(listing).toContain(` ${path}`);
    }
    expect(listing).toContain('./usr/bin/stripe-agent -> /opt/stripe-agent/bin/stripe-agent');
    // The state directory is not the package's: dpkg -r must leave it alone.
    expect(listing).not.toContain('./var/lib/stripe-agent');
    // Production dependencies only.
    expect(listing).not.toMatch(/node_modules\/(typescript|vitest|playwright-core)\//);
  });

  it('carries the Node.js runtime that built it, and runs with no Node.js on PATH: --help and a connector exec against the sandbox', async () => {
    const opt = join(extracted, 'opt/stripe-agent');
    expect((await execFile(join(opt, 'runtime/node'), ['--version'], { env: hostWithoutNode() })).stdout.trim()).toBe(process.version);
    const env = hostWithoutNode();
    expect(env.PATH!.split(':').some((dir) => existsSync(join(dir, 'node')))).toBe(false);

    const help = await execFile(join(opt, 'bin/stripe-agent'), ['--help'], { env });
    expect(help.stdout).toMatch(/Commands:[\s\S]*run[\s\S]*configure/);

    const key = testKey();
    const created = await execFile(join(opt, 'bin/stripe-agent'), ['exec', 'create', '--object', 'customers', '--data', '{"email":"packaged@example.com"}', '--api-base', sandbox.url], { env: { ...env, STRIPE_API_KEY: key } });
    const customer = JSON.parse(created.stdout);
    expect(customer).toMatchObject({ object: 'customer', email: 'packaged@example.com' });
    expect((await stripeFor(sandbox, key).customers.retrieve(customer.id)).id).toBe(customer.id);
  });

  it("runs the control plane from the package: its SQLite addon, its migrations and its console", async () => {
    const cp = await startCommand(join(extracted, 'opt/stripe-agent/bin/stripe-agent'), ['control-plane', '--port', '0', '--data-dir', tempDir('packaged-cp'), '--admin-token', ADMIN, '--agent-token', AGENT_TOKEN], /Control plane listening on (http:\/\/\S+)/, hostWithoutNode());
    try {
      const url = cp.match[1]!;
      const console = await fetch(url);
      expect(console.status).toBe(200);
      expect(await console.text()).toContain('<html');
      expect(await api(url)('GET', '/api/v1/agents')).toEqual({ status: 200, body: [] });
      expect(await stop(cp.child)).toBe(0);
    } finally {
      await stopAll(cp);
    }
  });

  it('builds a tarball of the same tree, with the unit, for hosts without dpkg', async () => {
    const dir = tempDir('tarball');
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    const top = join(dir, `stripe-agent-${VERSION}-linux-${process.arch}`);
    const { stdout } = await execFile(join(top, 'bin/stripe-agent'), ['--version'], { env: hostWithoutNode() });
    expect(stdout.trim()).toBe(VERSION);
    expect(readFileSync(join(top, 'systemd/stripe-agent.service'), 'utf8')).toBe(readFileSync(join(ROOT, 'systemd/stripe-agent.service'), 'utf8'));
    const files = (root: string) => execFileSync('find', ['.', '-path', './systemd', '-prune', '-o', '-print'], { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20 }).split('\n').sort();
    expect(files(top)).toEqual(files(join(extracted, 'opt/stripe-agent')));
  });

  describe.skipIf(process.getuid?.() !== 0 || !existsSync('/etc/debian_version'))('installed with dpkg, as root on Debian', () => {
    const PATHS = ['/opt/stripe-agent', '/usr/bin/stripe-agent', '/lib/systemd/system/stripe-agent.service', '/etc/stripe-agent', '/var/lib/stripe-agent'];
    const ACCOUNTS = ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/gshadow'];
    const status = () => {
      try {
        const s = execFileSync('dpkg-query', ['-W', '-f=${db:Status-Status}', 'stripe-agent'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        return s === 'not-installed' ? 'absent' : s;
      } catch {
        return 'absent';
      }
    };
    const account = (db: 'passwd' | 'group') => {
      try {
        return execFileSync('getent', [db, 'stripe-agent'], { encoding: 'utf8' }).trim().split(':');
      } catch {
        return undefined;
      }
    };
    const snapshot = () => ({ status: status(), paths: PATHS.filter((p) => existsSync(p)), accounts: ACCOUNTS.map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : null)) });
    const dpkg = (...args: string[]) => execFileSync('dpkg', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    let before: ReturnType<typeof snapshot>;
    let cp: ControlPlaneProcess | undefined;
    let agent: Started | undefined;

    beforeAll(() => {
      if (status() !== 'absent' || account('passwd') || account('group')) {
        throw new Error('stripe-agent (the package or its user) is already on this host, and this test would remove it: purge it first');
      }
      before = snapshot();
    });
    afterAll(async () => {
      await stopAll(agent, cp);
      if (status() !== 'absent') dpkg('-P', 'stripe-agent');
    });

    it('installs, runs configured as its user, keeps local edits and the outbox across remove and reinstall, and purges to the system as before', async () => {
      dpkg('-i', deb);
      const env = hostWithoutNode();
      expect((await execFile('/usr/bin/stripe-agent', ['--help'], { env })).stdout).toMatch(/Commands:/);
      const [, , uid, gid, , home, shell] = account('passwd')!;
      expect(Number(uid)).toBeLessThan(1000);
      expect([home, shell]).toEqual(['/var/lib/stripe-agent', '/usr/sbin/nologin']);
      expect(account('group')![2]).toBe(gid);
      expect(execFileSync('systemd-analyze', ['verify', '/lib/systemd/system/stripe-agent.service'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
      expect(execFileSync('dpkg-query', ['-W', '-f=${Conffiles}', 'stripe-agent'], { encoding: 'utf8' })).toMatch(/^ \/etc\/stripe-agent\/agent\.json [0-9a-f]{32}$/m);
      const config = statSync('/etc/stripe-agent/agent.json');
      expect([config.mode & 0o777, config.uid, config.gid]).toEqual([0o640, 0, Number(gid)]);
      const state = statSync('/var/lib/stripe-agent');
      expect([state.mode & 0o777, state.uid]).toEqual([0o700, Number(uid)]);
      // Installed, not started: nothing enabled it.
      expect(existsSync('/etc/systemd/system/multi-user.target.wants/stripe-agent.service')).toBe(false);

      // Configure as an operator would, then run it as the unit does: its user, its config, its state directory.
      cp = await startControlPlane();
      writeFileSync('/etc/stripe-agent/token', `${AGENT_TOKEN}\n`, { mode: 0o640 });
      execFileSync('chgrp', ['stripe-agent', '/etc/stripe-agent/token']);
      const configured = await execFile('/usr/bin/stripe-agent', ['configure', '--control-plane', cp.url, '--token-file', '/etc/stripe-agent/token', '--name', 'installed'], { env });
      expect(configured.stdout).toContain('systemctl enable --now stripe-agent');
      const edited = readFileSync('/etc/stripe-agent/agent.json', 'utf8');
      expect(JSON.parse(edited)).toMatchObject({ controlPlane: cp.url, tokenFile: '/etc/stripe-agent/token', name: 'installed' });
      expect(statSync('/etc/stripe-agent/agent.json').mode & 0o777).toBe(0o640);
      const setpriv = execFileSync('sh', ['-c', 'command -v setpriv'], { encoding: 'utf8' }).trim();
      agent = await startCommand(setpriv, ['--reuid=stripe-agent', '--regid=stripe-agent', '--init-groups', '--', '/usr/bin/stripe-agent', 'run', '--config', '/etc/stripe-agent/agent.json', '--data-dir', '/var/lib/stripe-agent'], /"msg":"agent starting"/, { ...env, HOME: '/var/lib/stripe-agent' });
      const call = api(cp.url);
      await waitFor(async () => (await call('GET', '/api/v1/agents')).body.some((a: any) => a.name === 'installed' && a.connected), 'the installed agent to connect');
      expect(await stop(agent.child)).toBe(0);
      const outbox = readdirSync('/var/lib/stripe-agent').sort();
      expect(outbox.length).toBeGreaterThan(0);

      // Installing again takes the upgrade path: the local edit and the outbox stay.
      dpkg('-i', deb);
      expect(readFileSync('/etc/stripe-agent/agent.json', 'utf8')).toBe(edited);
      expect(readdirSync('/var/lib/stripe-agent').sort()).toEqual(outbox);

      dpkg('-r', 'stripe-agent');
      expect(status()).toBe('config-files');
      expect(['/opt/stripe-agent', '/usr/bin/stripe-agent', '/lib/systemd/system/stripe-agent.service'].filter((p) => existsSync(p))).toEqual([]);
      expect(readdirSync('/var/lib/stripe-agent').sort()).toEqual(outbox);
      expect(readFileSync('/etc/stripe-agent/agent.json', 'utf8')).toBe(edited);

      dpkg('-P', 'stripe-agent');
      expect(snapshot()).toEqual(before);
    }, 180_000);
  });

  it('passes lintian with no errors', async () => {
    const { code, stdout } = await lintian;
    expect(stdout.split('\n').filter((line) => line.startsWith('E:'))).toEqual([]);
    expect(code).toBe(0);
  }, 300_000);
});
