import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { MAX_SLOTS } from '../protocol/messages.js';
import { parseFilesRoots } from './operations/roots.js';
import type { ProxyConfig } from './proxy.js';

/** Everything the agent daemon is configured with. */
export interface AgentOptions {
  /** The control plane's base URL: http(s)://host:port, or ws(s)://. */
  controlPlane: string;
  /** The agent token of the group this agent joins. */
  token: string;
  /** How the agent shows in the control plane (default: the host name). */
  name: string;
  /** Where the outbox (SQLite) and the agent's id live. */
  dataDir: string;
  /** Jobs run at once. */
  concurrency: number;
  /** How long a graceful stop waits for running jobs and the outbox. */
  drainMs: number;
  logLevel: string;
  /** Requests per second per Stripe key, where the account's limits differ from Stripe's published ones. */
  stripeRateLimit?: number;
  /** The config file's proxy section; without it HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply. */
  proxy?: ProxyConfig;
  /** Connector updates: the publisher keys to trust, a pinned range, and when to look. */
  connectors: { trustedKeys: string[]; stripeVersions?: string; updateSchedule: string };
  /** Local files roots by name (`--files-root NAME=DIR`, config `files.roots`): the only directories operations touch. */
  filesRoots?: Record<string, string>;
}

type Field = keyof AgentOptions;

/**
 * Each option: its flag, its config-file key, its environment variable. A flag beats the config
 * file, which beats the environment. (A test checks this table against the command's flags.)
 */
export const AGENT_OPTIONS: ReadonlyArray<{ field: Field; flag: string; env: string; kind: 'string' | 'integer'; description: string }> = [
  { field: 'controlPlane', flag: 'control-plane', env: 'STRIPE_AGENT_CONTROL_PLANE', kind: 'string', description: "the control plane's base URL (http://host:port, https://…, ws:// or wss://)" },
  { field: 'token', flag: 'token', env: 'STRIPE_AGENT_TOKEN', kind: 'string', description: "the agent token of the group to join (the config file may give tokenFile instead)" },
  { field: 'name', flag: 'name', env: 'STRIPE_AGENT_NAME', kind: 'string', description: 'the name shown in the control plane (default: the host name)' },
  { field: 'dataDir', flag: 'data-dir', env: 'STRIPE_AGENT_DATA_DIR', kind: 'string', description: 'where the outbox and the agent id live (default: ./agent-data)' },
  { field: 'concurrency', flag: 'concurrency', env: 'STRIPE_AGENT_CONCURRENCY', kind: 'integer', description: 'jobs run at once (default: 4)' },
  { field: 'drainMs', flag: 'drain-ms', env: 'STRIPE_AGENT_DRAIN_MS', kind: 'integer', description: 'how long a graceful stop may take (default: 60000)' },
  { field: 'logLevel', flag: 'log-level', env: 'STRIPE_AGENT_LOG_LEVEL', kind: 'string', description: 'trace, debug, info, warn or error (default: info)' },
  { field: 'stripeRateLimit', flag: 'stripe-rate-limit', env: 'STRIPE_AGENT_STRIPE_RATE_LIMIT', kind: 'integer', description: "requests per second per Stripe key (default: Stripe's published limits, test 25, live 100, search 20)" },
];

const DEFAULTS: Partial<AgentOptions> = { dataDir: './agent-data', concurrency: 4, drainMs: 60_000, logLevel: 'info' };

/** Merges flags, the config file and the environment; every refusal names the option and its source. */
export function resolveAgentOptions(flags: Record<string, unknown>, configFile: string | undefined, env: NodeJS.ProcessEnv = process.env): AgentOptions {
  const file = configFile ? readConfig(configFile) : {};
  const merged: Record<string, unknown> = { ...DEFAULTS, name: hostname() };
  for (const { field, env: name, kind } of AGENT_OPTIONS) {
    const candidates: Array<[unknown, string]> = [
      [flags[field], `--${AGENT_OPTIONS.find((o) => o.field === field)!.flag}`],
      [file[field], `${configFile} (${field})`],
      [env[name], name],
    ];
    const found = candidates.find(([v]) => v !== undefined && v !== '');
    if (!found) continue;
    merged[field] = kind === 'integer' ? integer(found[0], found[1]) : String(found[0]);
  }
  if (file.proxy !== undefined) {
    if (!file.proxy || typeof file.proxy !== 'object' || typeof (file.proxy as ProxyConfig).url !== 'string') {
      throw new Error(`${configFile}: proxy must be an object with at least a url, as in {"url": "http://proxy.corp.example:3128"}`);
    }
    merged.proxy = file.proxy;
  }
  const section = (file.connectors ?? {}) as { trustedKeys?: unknown; stripe?: { versions?: unknown }; updateSchedule?: unknown };
  const flagKeys = (flags.trustedKey as string[] | undefined) ?? [];
  merged.connectors = {
    trustedKeys: flagKeys.length > 0 ? flagKeys : Array.isArray(section.trustedKeys) ? section.trustedKeys.map(String) : [],
    ...(typeof section.stripe?.versions === 'string' ? { stripeVersions: section.stripe.versions } : {}),
    updateSchedule: typeof section.updateSchedule === 'string' ? section.updateSchedule : '17 3 * * *',
  };
  const files = (file.files ?? {}) as { roots?: unknown };
  merged.filesRoots = parseFilesRoots((flags.filesRoot as string[] | undefined) ?? [], files.roots, configFile ?? 'the config file', env.STRIPE_AGENT_FILES_ROOTS);
  if (merged.token === undefined && typeof file.tokenFile === 'string') merged.token = readFileSync(file.tokenFile, 'utf8').trim();
  for (const required of ['controlPlane', 'token'] as const) {
    if (!merged[required]) {
      const o = AGENT_OPTIONS.find((x) => x.field === required)!;
      throw new Error(`${required} is not set: pass --${o.flag}, set "${required}" in the config file, or set ${o.env}`);
    }
  }
  if ((merged.concurrency as number) > MAX_SLOTS) throw new Error(`concurrency may be at most ${MAX_SLOTS}, not ${String(merged.concurrency)}`);
  return merged as unknown as AgentOptions;
}

/** An agent config file's JSON object; every refusal names the file. */
export function readConfig(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the config file ${path}: ${(e as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('it must hold a JSON object');
    return parsed as Record<string, unknown>;
  } catch (e) {
    throw new Error(`the config file ${path} is not valid: ${(e as Error).message}`);
  }
}

function integer(value: unknown, source: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${source} must be a whole number of 1 or more, not '${String(value)}'`);
  return n;
}
