import pino, { type Logger } from 'pino';
import { maskSecrets } from '../connectors/stripe/index.js';

export type { Logger };

/**
 * JSON lines on stdout (journald and `docker logs` take them as they are). Secrets are redacted
 * here as a second line of defence: known fields are removed and any API key in a message is
 * masked. Lines are written asynchronously, off the job path (a log line need not be on disk
 * before the work it tells of goes on); pino writes what is still buffered synchronously on exit,
 * which every signal and fatal error ends in.
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
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
