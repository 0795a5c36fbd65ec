import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { CONTROL_PLANE_DEFAULTS } from '../control-plane/defaults.js';
import { DEFAULT_PORT } from '../sandbox/defaults.js';
import { port } from './parse.js';
import { stopOnSignals } from './shutdown.js';
import { VERSION } from './version.js';

/** The sandbox's demo account: a test key of the sandbox, never a real one. */
const SANDBOX_KEY = 'sk_test_sandboxDemoAccount0001';

export function startCommand(): Command {
  return new Command('start')
    .description('Everything on one machine for a first look: control plane, Stripe sandbox with sample customers, one agent with a files root, a connection "Stripe Sandbox" and two operations')
    .option('--control-plane-port <port>', 'the control plane port', port, CONTROL_PLANE_DEFAULTS.port)
    .option('--sandbox-port <port>', 'the sandbox port', port, DEFAULT_PORT)
    .option('--log-level <level>', 'the log level of the three parts (their JSON lines go to stdout)', 'warn')
    .addHelpText('after', '\nWith STRIPE_API_KEY set, a second connection "Stripe" reaches real Stripe with that key. State lives in a\ntemporary folder and is gone after Ctrl-C.')
    .action(async (opts: { controlPlanePort: number; sandboxPort: number; logLevel: string }) => {
      const [{ Agent }, { newToken }, { ControlPlane }, { createLogger }, { Sandbox }, { CSV_ROWS, SAMPLES_ROOT, saveOperations, seedSandbox, writeSamples }] = await Promise.all([
        import('../agent/daemon.js'),
        import('../control-plane/secrets.js'),
        import('../control-plane/control-plane.js'),
        import('../logging/logger.js'),
        import('../sandbox/server.js'),
        import('./start-demo.js'),
      ]);
      const dir = mkdtempSync(join(tmpdir(), 'stripe-agent-start-'));
      const adminToken = newToken('sadm');
      const agentToken = newToken('sat');
      const sandbox = await Sandbox.start({ port: opts.sandboxPort });
      const seeded = await seedSandbox(sandbox.url, SANDBOX_KEY);
      const filesRoot = writeSamples(join(dir, 'agent'));
      const plane = await ControlPlane.start({
        ...CONTROL_PLANE_DEFAULTS,
        port: opts.controlPlanePort,
        dataDir: join(dir, 'control-plane'),
        adminToken,
        agentToken,
        allowedApiBases: [sandbox.url],
        log: createLogger('control-plane', opts.logLevel),
      });
      const agent = new Agent(
        {
          controlPlane: plane.url,
          token: agentToken,
          name: 'local-agent',
          dataDir: join(dir, 'agent'),
          concurrency: 4,
          drainMs: 10_000,
          logLevel: opts.logLevel,
          connectors: { trustedKeys: [], updateSchedule: '17 3 * * *' },
          filesRoots: { [SAMPLES_ROOT]: filesRoot },
        },
        createLogger('agent', opts.logLevel),
        VERSION,
      );
      stopOnSignals(
        async () => {
          await agent.stop();
          await plane.close();
          await sandbox.close();
          rmSync(dir, { recursive: true, force: true });
        },
        () => agent.abort(),
      );
      agent.start();

      const api = async (path: string, body: unknown) => {
        const res = await fetch(`${plane.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        const json = (await res.json()) as { id: string; error?: { message: string } };
        if (!res.ok) throw new Error(json.error?.message ?? `${path} answered ${res.status}`);
        return json;
      };
      const connection = await api('/api/v1/connections', { name: 'Stripe Sandbox', apiKey: SANDBOX_KEY, apiBase: sandbox.url });
      const operations = await saveOperations(api, connection.id);
      let real = '';
      if (process.env.STRIPE_API_KEY) {
        const stripe = await api('/api/v1/connections', { name: 'Stripe', apiKey: process.env.STRIPE_API_KEY });
        real = `\n  Stripe (real)     connection ${stripe.id}, key from STRIPE_API_KEY`;
      }
      const auth = `-H 'Authorization: Bearer ${adminToken}'`;
      process.stdout.write(`stripe-agent is running (Ctrl-C stops it all):
  control plane     ${plane.url}   admin token: ${adminToken}
  Stripe sandbox    ${sandbox.url}   test key: ${SANDBOX_KEY}
  agent             local-agent, group default, files root "${SAMPLES_ROOT}" at ${filesRoot}
  Stripe Sandbox    connection ${connection.id}, ${seeded} sample customers${real}

Two operations are saved: open ${plane.url}/#/operations (sign in with the admin token), pick
one and press Run. The agent does the work; only the run's log comes back to the control plane.
${operations.map((o) => `  ${o.name.padEnd(25)} ${o.does}  (${o.id})`).join('\n')}
  The CSV has ${CSV_ROWS} rows; an export's file appears under ${join(filesRoot, 'exports')}.

Run a search through the control plane and the agent, then read its result and records:
  curl -s ${auth} -H 'Content-Type: application/json' ${plane.url}/api/v1/jobs \\
    -d '{"connectionId":"${connection.id}","activity":"search","object":"customers","query":"email:\\u0027jenny@example.com\\u0027"}'
  curl -s ${auth} ${plane.url}/api/v1/jobs/<id>
  curl -s ${auth} ${plane.url}/api/v1/jobs/<id>/records
`);
    });
}
