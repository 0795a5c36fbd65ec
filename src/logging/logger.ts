import pino, { type Logger } from 'pino';
import { maskSecrets } from '../connectors/stripe/index.js';
import { TurnBatch } from './turn-batch.js';

export type { Logger };

let stdout: TurnBatch | undefined;

/**
 * JSON lines on stdout (journald and `docker logs` take them as they are). Secrets are redacted
 * here as a second line of defence: known fields are removed and any API key in a message is
 * masked. Writes are synchronous, since an asynchronous destination loses the chunk it is writing
 * when the process exits (test/logging.test.ts caught it), and the lines before an exit are the
 * ones an operator reads. But each costs a system call, and on the job path two of them took 11 %
 * of the agent's CPU and sat before its Stripe call and its poll: one write now carries a turn's
 * lines (TurnBatch), and warnings go out at once. Every logger shares the one for stdout, so lines
 * keep their order.
 */
export function createLogger(name: string, level = process.env.STRIPE_AGENT_LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      base: { component: name },
      redact: { paths: ['apiKey', '*.apiKey', 'connection.apiKey', 'token', '*.token', 'authorization', '*.authorization'], censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? maskSecrets(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? (stdout ??= new TurnBatch(pino.destination({ fd: 1, sync: true }))),
  );
}
