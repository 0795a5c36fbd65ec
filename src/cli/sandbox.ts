import { Command } from 'commander';
import type { Sandbox } from '../sandbox/server.js';
import { DEFAULT_PORT } from '../sandbox/defaults.js';
import { port as parsePort } from './parse.js';
import { stopOnSignals } from './shutdown.js';

export function sandboxCommand(): Command {
  return new Command('sandbox')
    .description('Serve the offline, stateful Stripe-compatible sandbox until SIGINT or SIGTERM')
    .option('--port <port>', 'TCP port to listen on (0 picks a free one)', parsePort, DEFAULT_PORT)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--state <file>', 'SQLite file that keeps the state across restarts (default: memory only)')
    .addHelpText(
      'after',
      `
Point any Stripe client at the printed URL with a test key (sk_test_… or rk_test_…); each key is
its own account. Faults on demand: POST /_sandbox/faults, reset: POST /_sandbox/reset (docs/sandbox.md).

Example:
  curl -u sk_test_123: <URL>/v1/customers -d email=jenny@example.com`,
    )
    .action(async (opts: { port: number; host: string; state?: string }) => {
      const { Sandbox } = await import('../sandbox/server.js');
      let sandbox: Sandbox;
      try {
        sandbox = await Sandbox.start({ port: opts.port, host: opts.host, stateFile: opts.state });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'EADDRINUSE' ? `port ${opts.port} is in use; pick another with --port` : (e as Error).message;
        process.stderr.write(`stripe-agent sandbox: cannot start: ${why}\n`);
        process.exit(1);
      }
      stopOnSignals(() => sandbox.close());
      process.stdout.write(`Stripe sandbox listening on ${sandbox.url}${opts.state ? ` (state in ${opts.state})` : ' (state in memory)'}\n`);
    });
}
