import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { MAX_SLOTS } from '../protocol/limits.js';
import { parseFilesRoots } from './operations/roots.js';
import type { ProxyConfig } from './proxy.js';

/** Everything the agent daemon is configured with. */
export interface AgentOptions {
  /** The control plane's base URL: http(s)://host:port, or ws(s)://. */
  controlPlane: string;
  /** The agent token of the group this agent joins. */
  token: string;
  /** A file holding the token, so that it is not in the process list. */
  tokenFile?: string;
  /** host:port for /metrics, /healthz and /readyz; off when absent. */
  metricsAddr?: string;
  /** Extra CA certificates (PEM) the control plane's TLS certificate may chain to (a private CA). */
  caFile?: string;
  /** Allow ws:// or http:// to a control plane that is not on this host (every job frame carries a Stripe key). */
  insecureTransport?: boolean;
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
export const AGENT_OPTIONS: ReadonlyArray<{ field: Field; flag: string; env: string; kind: 'string' | 'integer' | 'boolean'; description: string }> = [
  { field: 'controlPlane', flag: 'control-plane', env: 'STRIPE_AGENT_CONTROL_PLANE', kind: 'string', description: "the control plane's base URL (http://host:port, https://…, ws:// or wss://)" },
  { field: 'token', flag: 'token', env: 'STRIPE_AGENT_TOKEN', kind: 'string', description: 'the agent token of the group to join (visible in the process list: prefer --token-file or the environment)' },
  { field: 'tokenFile', flag: 'token-file', env: 'STRIPE_AGENT_TOKEN_FILE', kind: 'string', description: 'a file holding the agent token' },
  { field: 'metricsAddr', flag: 'metrics-addr', env: 'STRIPE_AGENT_METRICS_ADDR', kind: 'string', description: 'host:port serving Prometheus /metrics, /healthz and /readyz, as in 127.0.0.1:9464 (default: off)' },
  { field: 'caFile', flag: 'ca-file', env: 'STRIPE_AGENT_CA_FILE', kind: 'string', description: "extra CA certificates (PEM) for the control plane's TLS certificate, added to Node's own" },
  { field: 'insecureTransport', flag: 'insecure-transport', env: 'STRIPE_AGENT_INSECURE_TRANSPORT', kind: 'boolean', description: 'allow ws:// or http:// to a control plane on another host (jobs carry Stripe keys: use only on a trusted network)' },
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
  /** Where each option came from: 0 a flag, 1 the config file, 2 the environment. */
  const ranks: Partial<Record<Field, number>> = {};
  for (const { field, env: name, kind } of AGENT_OPTIONS) {
    const candidates: Array<[unknown, string]> = [
      [flags[field], `--${AGENT_OPTIONS.find((o) => o.field === field)!.flag}`],
      [file[field], `${configFile} (${field})`],
      [env[name], name],
    ];
    const rank = candidates.findIndex(([v]) => v !== undefined && v !== '');
    const found = candidates[rank];
    if (!found) continue;
    ranks[field] = rank;
    merged[field] = kind === 'integer' ? integer(found[0], found[1]) : kind === 'boolean' ? boolean(found[0], found[1]) : String(found[0]);
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
  // A token file given where a token could be (flag, file, environment) counts as that token.
  if (typeof merged.tokenFile === 'string' && (ranks.tokenFile ?? 3) <= (ranks.token ?? 3)) merged.token = readToken(merged.tokenFile);
  if (!merged.controlPlane) throw new Error('controlPlane is not set: pass --control-plane, set "controlPlane" in the config file, or set STRIPE_AGENT_CONTROL_PLANE');
  if (!merged.token) {
    throw new Error('token is not set: pass --token-file (or --token), set "tokenFile" (or "token") in the config file, or set STRIPE_AGENT_TOKEN_FILE (or STRIPE_AGENT_TOKEN)');
  }
  cleartextOnlyToLoopback(merged.controlPlane as string, merged.insecureTransport === true);
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

/** A token kept in a file: its first line, which must not be empty. */
export function readToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the token file ${file}: ${(e as Error).message}`);
  }
  const token = text.split(/\r?\n/)[0]!.trim();
  if (!token) throw new Error(`the token file ${file} is empty; put the token on its first line`);
  return token;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** Every job frame carries a decrypted Stripe key: cleartext only within this host, unless the operator says otherwise. */
function cleartextOnlyToLoopback(controlPlane: string, insecure: boolean): void {
  let url: URL;
  try {
    url = new URL(controlPlane);
  } catch {
    throw new Error(`the control plane URL '${controlPlane}' is not a URL; write it as https://host:port`);
  }
  if ((url.protocol === 'http:' || url.protocol === 'ws:') && !LOOPBACK.test(url.hostname) && !insecure) {
    throw new Error(
      `the control plane URL '${controlPlane}' is cleartext (${url.protocol}//) to another host, and every job carries a Stripe key: ` +
        'use https:// or wss:// (the control plane serves TLS with --tls-cert and --tls-key), or pass --insecure-transport on a network you trust',
    );
  }
}

function boolean(value: unknown, source: string): boolean {
  if (value === true || value === 'true' || value === '1') return true;
  if (value === false || value === 'false' || value === '0') return false;
  throw new Error(`${source} must be true or false, not '${String(value)}'`);
}

function integer(value: unknown, source: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${source} must be a whole number of 1 or more, not '${String(value)}'`);
  return n;
}
