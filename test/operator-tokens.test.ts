import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, tempDir, waitFor } from './support/cluster.js';
import { runCli, startCli, stop, type Started } from './support/process.js';

const started: Started[] = [];
afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null) await stop(p.child, 'SIGKILL');
});

function secretFile(token: string): string {
  const file = join(tempDir('token'), 'token');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return file;
}

describe('tokens off the command line', () => {
  it('takes the admin and agent tokens from a file or the environment, and prints neither', async () => {
    const admin = 'sadm_from_a_file_0123456789';
    const agentToken = 'sat_from_the_environment_0123';
    const cp = await startCli(['control-plane', '--port', '0', '--data-dir', tempDir('cp'), '--admin-token-file', secretFile(admin)], /Control plane listening on (http:\/\/\S+)/, {
      ...process.env,
      STRIPE_AGENT_DEFAULT_GROUP_TOKEN: agentToken,
    });
    started.push(cp);
    const url = cp.match[1]!;
    const agent = await startCli(['run', '--control-plane', url, '--token-file', secretFile(agentToken), '--data-dir', tempDir('agent'), '--name', 'from-file'], /"msg":"agent starting"/);
    started.push(agent);
    const call = api(url, admin);
    await waitFor(async () => (await call('GET', '/api/v1/agents')).body.some?.((a: any) => a.name === 'from-file' && a.connected), 'the agent to connect with the token from its file');
    for (const output of [cp.output(), agent.output()]) {
      expect(output).not.toContain(admin);
      expect(output).not.toContain(agentToken);
    }
    expect(cp.output()).not.toMatch(/shown once/);
  });

  it('does not echo an agent token it was given on first start', async () => {
    const given = 'sat_given_on_the_command_line_42';
    const cp = await startCli(['control-plane', '--port', '0', '--data-dir', tempDir('cp'), '--agent-token', given], /Admin token \(shown once\): \S+/);
    started.push(cp);
    await stop(cp.child);
    expect(cp.output()).not.toContain(given);
  });
});

describe('cleartext to another host', () => {
  it('refuses ws:// and http:// off loopback, naming --insecure-transport, and exits 2', async () => {
    const run = await runCli(['run', '--control-plane', 'ws://10.255.255.1:8780', '--token', 't', '--data-dir', tempDir('agent')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cleartext .* --insecure-transport/);
  });
});
