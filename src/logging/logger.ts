import pino, { type Logger } from 'pino';
import { maskSecrets } from '../connectors/stripe/index.js';

export type { Logger };

/**
 * JSON lines on stdout (journald and `docker logs` take them as they are). Secrets are redacted
 * here as a second line of defence: known fields are removed and any API key in a message is
 * masked. Lines are written synchronously: an asynchronous destination loses the chunk it is
 * writing when the process exits (test/logging.test.ts caught it), and the lines before an exit
 * are the ones an operator reads. A line costs microseconds on a job that takes milliseconds.
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
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}
