import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from './support/process.js';

const UNIT = readFileSync(new URL('../systemd/stripe-agent.service', import.meta.url), 'utf8');

describe('packaging', () => {
  it('the systemd unit passes systemd-analyze verify', () => {
    // verify insists that the program exists; point it at this checkout's build instead of /usr/bin.
    const dir = mkdtempSync(join(tmpdir(), 'unit-'));
    const unit = join(dir, 'stripe-agent.service');
    writeFileSync(unit, UNIT.replaceAll('/usr/bin/stripe-agent', `${process.execPath} ${CLI}`));
    const out = execFileSync('systemd-analyze', ['verify', unit], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toBe('');
  });

  it('the unit runs the agent as its own user, drains within its stop timeout, and is hardened', () => {
    expect(UNIT).toMatch(/^ExecStart=\/usr\/bin\/stripe-agent run --config \/etc\/stripe-agent\/agent\.json/m);
    expect(UNIT).toMatch(/^User=stripe-agent$/m);
    expect(UNIT).toMatch(/^StateDirectory=stripe-agent$/m);
    expect(UNIT).toMatch(/^Restart=on-failure$/m);
    expect(UNIT).toMatch(/^RestartPreventExitStatus=2 78$/m);
    const stopSeconds = Number(/^TimeoutStopSec=(\d+)$/m.exec(UNIT)![1]);
    expect(stopSeconds * 1000).toBeGreaterThan(60_000);
    for (const option of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'CapabilityBoundingSet=', 'SystemCallFilter=@system-service']) {
      expect(UNIT).toContain(option);
    }
  });

  it("the unit's NODE_OPTIONS are V8 settings Node accepts there (a refused one would stop every start)", async () => {
    const options = /^Environment=NODE_OPTIONS=(.+)$/m.exec(UNIT)![1]!;
    expect(options).toMatch(/--max-semi-space-size=\d+/);
    const { code, stdout } = await runCli(['--version'], { ...process.env, NODE_OPTIONS: options });
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a configuration the agent refuses exits 2, the status the unit does not restart on', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'unit-')), 'agent.json');
    writeFileSync(config, '{}\n');
    expect((await runCli(['run', '--config', config])).code).toBe(2);
  });

  it("the package's scripts are valid sh, and its conffile is the config the unit reads", () => {
    for (const script of ['debian/postinst', 'debian/prerm', 'debian/postrm', 'stripe-agent', 'build.sh']) {
      const shell = script === 'build.sh' ? 'bash' : 'sh';
      expect(() => execFileSync(shell, ['-n', fileURLToPath(new URL(`../packaging/${script}`, import.meta.url))])).not.toThrow();
    }
    const conffiles = readFileSync(new URL('../packaging/debian/conffiles', import.meta.url), 'utf8');
    expect(conffiles).toBe(`${/--config (\S+)/.exec(UNIT)![1]}\n`);
  });

  it('the Dockerfile builds in stages and runs as a non-root user with the data dir as a volume', () => {
    const docker = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
    expect(docker.match(/^FROM /gm)).toHaveLength(2);
    expect(docker).toMatch(/^USER stripe-agent$/m);
    expect(docker).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(docker).toMatch(/STRIPE_AGENT_DATA_DIR=\/data/);
  });
});
