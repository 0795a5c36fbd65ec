import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCli, stop, type Started } from './process.js';

export const ADMIN = 'sadm_test_admin_token';
export const AGENT_TOKEN = 'sat_test_agent_token';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/** Waits for `check` to return something truthy, re-checking every 50 ms, up to `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export interface ControlPlaneProcess extends Started {
  url: string;
  dataDir: string;
  port: number;
}

/** The control plane as a process of its own; short leases so that tests see them lapse. */
export async function startControlPlane(opts: { dataDir?: string; port?: number; leaseMs?: number; heartbeatMs?: number; apiBases?: string[]; args?: string[] } = {}): Promise<ControlPlaneProcess> {
  const dataDir = opts.dataDir ?? tempDir('cp');
  const started = await startCli(
    ['control-plane', '--port', String(opts.port ?? 0), '--data-dir', dataDir, '--admin-token', ADMIN, '--agent-token', AGENT_TOKEN,
      '--lease-ms', String(opts.leaseMs ?? 2000), '--heartbeat-ms', String(opts.heartbeatMs ?? 400), ...(opts.apiBases ?? []).flatMap((base) => ['--allowed-api-base', base]), ...(opts.args ?? [])],
    /Control plane listening on (http:\/\/\S+)/,
  );
  const url = started.match[1]!;
  return { ...started, url, dataDir, port: Number(new URL(url).port) };
}

export interface AgentProcess extends Started {
  dataDir: string;
}

export async function startAgent(controlPlane: string, opts: { dataDir?: string; name?: string; concurrency?: number; token?: string; drainMs?: number; args?: string[] } = {}): Promise<AgentProcess> {
  const dataDir = opts.dataDir ?? tempDir('agent');
  const started = await startCli(
    ['run', '--control-plane', controlPlane, '--token', opts.token ?? AGENT_TOKEN, '--data-dir', dataDir, '--name', opts.name ?? 'agent-1',
      '--concurrency', String(opts.concurrency ?? 4), '--drain-ms', String(opts.drainMs ?? 10_000), ...(opts.args ?? [])],
    /"msg":"agent starting"/,
  );
  return { ...started, dataDir };
}

/**
 * The base URL of an agent started with `--metrics-addr 127.0.0.1:0`: the port it bound, read from
 * the `addr` field of its JSON log line, not from the line's wording.
 */
export async function metricsBase(agent: Started): Promise<string> {
  const addr = await waitFor(() => {
    // The last piece may be a line still being written.
    for (const line of agent.output().split('\n').slice(0, -1)) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { addr?: unknown; err?: unknown };
      if (typeof entry.addr === 'string' && entry.err === undefined) return entry.addr;
    }
    return undefined;
  }, 'the metrics address');
  return `http://${addr}`;
}

/** Prometheus' text format as `name{labels}` → value, scraped from `url`. */
export async function scrape(url: string, init: RequestInit = {}): Promise<Map<string, number>> {
  const res = await fetch(url, init);
  if (!res.ok || !res.headers.get('content-type')?.startsWith('text/plain; version=0.0.4')) throw new Error(`${url} answered ${res.status} ${res.headers.get('content-type')}`);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-z_:][a-z0-9_:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (m) samples.set(m[1]!, Number(m[2]));
  }
  return samples;
}

/** The control plane's HTTP API with the admin token. */
export function api(base: string, token = ADMIN) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

export type Api = ReturnType<typeof api>;

/** Waits until every job has ended, and returns them. */
export async function finished(call: Api, ids: string[], timeoutMs = 60_000): Promise<any[]> {
  return waitFor(async () => {
    const jobs = await Promise.all(ids.map(async (id) => (await call('GET', `/api/v1/jobs/${id}`)).body));
    return jobs.every((j) => ['succeeded', 'failed', 'cancelled'].includes(j.status)) ? jobs : undefined;
  }, `${ids.length} jobs to finish`, timeoutMs);
}

export async function stopAll(...processes: Array<Started | undefined>): Promise<void> {
  await Promise.all(processes.filter((p): p is Started => p !== undefined && p.child.exitCode === null && p.child.signalCode === null).map((p) => stop(p.child, 'SIGKILL')));
}
