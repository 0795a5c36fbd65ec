import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { readConfig } from '../agent/options.js';
import type { ProxyConfig, ProxySettings } from '../agent/proxy.js';
import { ACTIVITIES as CONNECTOR_ACTIVITIES, ConnectorError, createConnector, type ConnectionConfig } from '../connectors/stripe/index.js';
import { positiveInteger } from './parse.js';
import { abortOnSignals } from './shutdown.js';

interface ExecOptions {
  object?: string;
  id?: string;
  query?: string;
  data?: Record<string, unknown>;
  maxResults?: number;
  pageSize?: number;
  expand?: string[];
  apiBase?: string;
  apiKey?: string;
  useProxy?: boolean;
  config?: string;
  idempotencyKey?: string;
}

const ACTIVITIES = ['test', ...CONNECTOR_ACTIVITIES] as const;

export function execCommand(): Command {
  return new Command('exec')
    .description('Run one connector activity from this host, with no control plane: is Stripe reachable from here, and does the connection work?')
    .addArgument(new Command().createArgument('<activity>', 'the activity').choices(ACTIVITIES))
    .option('--object <name>', 'the Stripe object, as in customers or payment_intents (see stripe-agent catalog)')
    .option('--id <id>', 'the object id, for read, update and delete')
    .option('--query <query>', "a Search Query Language query, as in email:'jenny@example.com'")
    .option('--data <json>', 'the fields for create and update: JSON, or @file.json', parseData)
    .option('--max-results <n>', 'stop a search after n records', positiveInteger)
    .option('--page-size <n>', 'records per search request, 1-100', positiveInteger)
    .option('--expand <paths>', 'comma-separated fields to expand, as in customer,invoice', (v) => v.split(',').filter(Boolean))
    .option('--idempotency-key <key>', 'Idempotency-Key for create and update (default: a new one for each run)')
    .option('--api-base <url>', 'Stripe API base URL (default: https://api.stripe.com); http only for loopback, as for the sandbox')
    .option('--use-proxy', "send Stripe traffic through the agent's proxy settings: the config file's proxy section, else HTTPS_PROXY, HTTP_PROXY, NO_PROXY")
    .option('--config <file>', "the agent's config file, for its proxy section")
    .addOption(new Option('--api-key <key>', 'the API key; prefer STRIPE_API_KEY, since a flag is visible to ps').env('STRIPE_API_KEY'))
    .addHelpText(
      'after',
      `
The key comes from STRIPE_API_KEY. Search prints one JSON object per line as records arrive;
every other activity prints one JSON object. A failure prints {"error": {"code", "message", …}}
on stderr and exits 1; a usage error exits 2.

Examples:
  STRIPE_API_KEY=sk_test_… stripe-agent exec test
  stripe-agent exec search --object customers --query "email:'jenny@example.com'"
  stripe-agent exec create --object customers --data '{"email":"jenny@example.com"}'`,
    )
    .action(async (activity: (typeof ACTIVITIES)[number], opts: ExecOptions) => {
      if (!opts.apiKey) {
        fail(new ConnectorError('invalid_input', 'No API key: set STRIPE_API_KEY (or pass --api-key).'), 2);
      }
      const config: ConnectionConfig = { name: 'exec', apiKey: opts.apiKey, useProxySettings: opts.useProxy === true };
      if (opts.apiBase) config.apiBase = opts.apiBase;
      const controller = new AbortController();
      abortOnSignals(controller);
      const run = { signal: controller.signal };
      // proxy-agent (and what it pulls in) loads only where it is needed.
      const { connectionProxy, ProxySettings } = await import('../agent/proxy.js');
      let proxy: ProxySettings | undefined;
      try {
        proxy = opts.useProxy ? ProxySettings.resolve(opts.config ? (readConfig(opts.config).proxy as ProxyConfig | undefined) : undefined) : undefined;
      } catch (e) {
        fail(new ConnectorError('proxy', `The proxy settings cannot work: ${(e as Error).message}.`), 1);
      }
      const connector = createConnector({ proxyFor: connectionProxy(proxy) });
      try {
        if (activity === 'search') {
          const progress = process.stderr.isTTY ? (n: number) => process.stderr.write(`\r${n} records`) : undefined;
          let count = 0;
          for await (const record of connector.search(config, inputFor(activity, opts), run)) {
            process.stdout.write(`${JSON.stringify(record)}\n`);
            if (++count % 100 === 0) progress?.(count);
          }
          if (progress && count >= 100) process.stderr.write(`\r${count} records\n`);
        } else {
          const result = activity === 'test' ? await connector.test(config, run) : await connector[activity](config, inputFor(activity, opts), run);
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        }
      } catch (e) {
        fail(e instanceof ConnectorError ? e : new ConnectorError('stripe_error', String(e)), 1);
      }
    });
}

function inputFor(activity: string, opts: ExecOptions): Record<string, unknown> {
  const input: Record<string, unknown> = { object: opts.object };
  if (opts.id !== undefined) input.id = opts.id;
  if (opts.expand) input.expand = opts.expand;
  if (activity === 'search') {
    input.query = opts.query;
    if (opts.maxResults !== undefined) input.maxResults = opts.maxResults;
    if (opts.pageSize !== undefined) input.pageSize = opts.pageSize;
  }
  if (activity === 'create' || activity === 'update') {
    input.data = opts.data;
    input.idempotencyKey = opts.idempotencyKey ?? `exec-${randomUUID()}`;
  }
  return input;
}

function fail(error: ConnectorError, status: number): never {
  process.stderr.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
  process.exit(status);
}

function parseData(value: string): Record<string, unknown> {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8');
    } catch (e) {
      throw new InvalidArgumentError(`cannot read ${value.slice(1)}: ${(e as Error).message}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new InvalidArgumentError(`not JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidArgumentError('the data must be a JSON object.');
  return parsed as Record<string, unknown>;
}
