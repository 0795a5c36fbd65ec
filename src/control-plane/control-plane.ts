import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { createConnector } from '../connectors/stripe/index.js';
import { migrate } from '../db/migrate.js';
import { openPrivateDatabase } from '../db/private.js';
import { stopOnSyncFailure, WalSync } from '../db/wal-sync.js';
import type { Logger } from '../logging/logger.js';
import { Agents } from './agents.js';
import { Catalogs } from './catalogs.js';
import { Connections } from './connections.js';
import { CONTROL_PLANE_DEFAULTS } from './defaults.js';
import { AGENT_PATH } from '../protocol/messages.js';
import { Gateway } from './gateway.js';
import { ControlPlaneMetrics } from './metrics.js';
import { hashToken, tokenMatches } from './secrets.js';
import { Groups } from './groups.js';
import { ApiError } from './http/api-error.js';
import { agentRoutes } from './http/agents.js';
import { catalogRoutes } from './http/catalog.js';
import { agentConnectorRoutes, connectorRoutes } from './http/connectors.js';
import { serveConsole } from './http/console.js';
import { connectionRoutes } from './http/connections.js';
import { jobRoutes } from './http/jobs.js';
import { operationRoutes } from './http/operations.js';
import { Activities } from './operations/activities.js';
import { Operations } from './operations/operations.js';
import { RunEnds } from './operations/run-ends.js';
import { Runs } from './operations/runs.js';
import { Samples } from './operations/samples.js';
import { waitingFor } from './operations/waiting.js';
import { Scheduler } from './scheduler/scheduler.js';
import { json, route, type Route } from './http/router.js';
import { JobQueue } from './queue/jobs.js';
import { RateBudgets } from './rate-budgets.js';
import { Registry } from './registry.js';
import { Sealer } from './secrets.js';
import { Settings } from './settings.js';

export interface ControlPlaneOptions {
  port: number;
  host: string;
  dataDir: string;
  /** Set or replace the admin token; generated on first start when absent. */
  adminToken?: string;
  /** Set or replace the default group's agent token; generated on first start when absent. */
  agentToken?: string;
  heartbeatMs: number;
  leaseMs: number;
  /** Serve HTTPS and WSS with this certificate (PEM, with its chain) and key, instead of plain HTTP. */
  tls?: { cert: Buffer; key: Buffer };
  /** A token that may read /metrics besides the admin token (for a Prometheus scraper). */
  metricsToken?: string;
  /** API bases besides https://api.stripe.com that connections may name (a sandbox, a test double). */
  allowedApiBases?: string[];
  /** Publisher keys that connector bundles must be signed with to enter the registry. */
  trustedKeys?: KeyObject[];
  /** Runs that ended longer ago than this are pruned, with their records and errors (default 30). */
  runRetentionDays?: number;
  /** Now, in ms, for schedules, timeouts and retention; tests fix it and call `scheduler.tick()`. */
  clock?: () => number;
  /** Whether the scheduler's loops run on their own timers (default true). */
  schedulerTimers?: boolean;
  log: Logger;
}

export { CONTROL_PLANE_DEFAULTS };

/** The reference control plane: HTTP API, the agents' WebSocket endpoint, SQLite in the data dir. */
export class ControlPlane {
  private constructor(
    private readonly server: Server,
    private readonly gateway: Gateway,
    private readonly db: Database.Database,
    private readonly sync: WalSync,
    /** Schedules, run timeouts and retention. */
    readonly scheduler: Scheduler,
    readonly url: string,
    /** Tokens made on this start, to print once; empty on later starts. */
    readonly generated: { adminToken?: string; agentToken?: string },
  ) {}

  static async start(options: ControlPlaneOptions): Promise<ControlPlane> {
    const db = openPrivateDatabase(options.dataDir, 'control-plane.db');
    db.pragma('foreign_keys = ON');
    migrate(db, 'control-plane');

    const connector = createConnector();
    const queue = new JobQueue(db);
    const groups = new Groups(db);
    const settings = new Settings(db);
    const agents = new Agents(db);
    const connections = new Connections(db, Sealer.open(join(options.dataDir, 'master.key')), connector, (g) => groups.exists(g), options.allowedApiBases);
    const generated = { adminToken: settings.ensureAdminToken(options.adminToken), agentToken: groups.ensureDefault(options.agentToken) };

    const { log } = options;
    const clock = options.clock ?? Date.now;
    // Shares are renewed with each heartbeat-paced report and lapse after three missed ones.
    const budgets = new RateBudgets({ refreshMs: options.heartbeatMs, leaseMs: 3 * options.heartbeatMs }, connector, () => connections.list().map((c) => connections.forJob(c.id, {})), log);
    let ends: RunEnds | undefined;
    let metrics: ControlPlaneMetrics | undefined;
    const sync = new WalSync(db, stopOnSyncFailure(log));
    const gateway = new Gateway(
      { queue, groups, agents, connections, settings, budgets, sync, log, ended: (job) => ends?.ended(job) },
      { ...options, onLeasesExpired: (n) => metrics?.leasesExpired.inc(n) },
    );
    metrics = new ControlPlaneMetrics(db, () => gateway.connectedByGroup());
    const metricsHash = options.metricsToken ? hashToken(options.metricsToken) : undefined;
    const wake = (group: string) => gateway.wake(group);
    const registry = new Registry(db, options.trustedKeys ?? []);
    const catalogs = new Catalogs(connector, registry, agents, (id) => gateway.connected(id));
    const activities = new Activities(db, connector, connections);
    const operations = new Operations(db, activities, connections, clock);
    const runs = new Runs(db, queue, operations, {
      wake,
      cancel: (job) => gateway.cancel(job.id, job.agent),
      connectedAgents: (group) => gateway.connectedAgents(group),
      agentName: (id) => agents.nameOf(id),
    });
    const samples = new Samples(db, queue, activities, connections, { wake });
    ends = new RunEnds(db, runs, log);
    const scheduler = new Scheduler({ operations, runs, samples, queue, ends, log }, { clock, runRetentionDays: options.runRetentionDays ?? CONTROL_PLANE_DEFAULTS.runRetentionDays });
    const agentApi: Route[] = agentConnectorRoutes(registry, (name, version) => log.info({ connector: name, version }, 'connector bundle downloaded'));
    const routes: Route[] = [
      ...connectionRoutes(connections, queue, wake, (group) => {
        if (!settings.policy().disableAutoConnectorUpdate) gateway.checkUpdates(group);
      }, (id) => activities.usingConnection(id)),
      ...operationRoutes({ activities, operations, runs, samples }),
      ...jobRoutes({ queue, connections, catalogs, agents, waiting: (job) => waitingFor(job, (group) => gateway.connectedAgents(group)), synced: () => sync.synced() }, wake, (job) => gateway.cancel(job.id, job.agent)),
      ...agentRoutes({ agents, groups, settings }, (id) => gateway.connected(id), (disable) => gateway.broadcastPolicy(disable), (id, drain) => gateway.drain(id, drain)),
      ...catalogRoutes(catalogs, connector),
      ...connectorRoutes(registry),
    ];

    const handler = (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://control-plane');
      const started = performance.now();
      res.once('finish', () => metrics.observe(req.method ?? 'GET', url.pathname, started, res.statusCode));
      if (url.pathname === '/healthz') return json(res, 200, { ok: true });
      if (url.pathname === '/readyz') return json(res, ...readiness(db));
      if (url.pathname === '/metrics') {
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!bearer || !(settings.isAdmin(bearer) || (metricsHash !== undefined && tokenMatches(bearer, metricsHash)))) {
          return json(res, 401, new ApiError(401, 'unauthorized', '/metrics needs Authorization: Bearer <admin token or --metrics-token>.').toBody());
        }
        return void metrics.registry.metrics().then((text) => {
          res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
          res.end(text);
        });
      }
      if (req.method === 'GET' && !url.pathname.startsWith('/api/')) {
        return void serveConsole(url.pathname, res).then((served) => {
          if (!served) json(res, 404, { error: { code: 'not_found', message: `No page ${url.pathname}; the console is at /.` } });
        });
      }
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (url.pathname.startsWith('/api/v1/agent/')) {
        if (!token || !groups.groupOf(token)) return json(res, 401, new ApiError(401, 'unauthorized', 'Agent routes need Authorization: Bearer <agent token>.').toBody());
        return void route(agentApi, req, res, url.pathname, url.searchParams).catch((e: unknown) => log.error({ err: (e as Error).message }, 'agent API request failed'));
      }
      if (url.pathname.startsWith('/api/') && (!token || !settings.isAdmin(token))) {
        const e = new ApiError(401, 'unauthorized', 'Every /api route needs Authorization: Bearer <admin token>.');
        return json(res, e.status, e.toBody());
      }
      route(routes, req, res, url.pathname, url.searchParams).catch((e: unknown) => log.error({ err: (e as Error).message, path: url.pathname }, 'API request failed'));
    };
    const server: Server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createServer(handler);
    gateway.attach(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `${options.tls ? 'https' : 'http'}://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
    log.info({ url, agents: `${url.replace(/^http/, 'ws')}${AGENT_PATH}` }, 'control plane listening');
    if (options.schedulerTimers !== false) scheduler.start();
    return new ControlPlane(server, gateway, db, sync, scheduler, url, generated);
  }

  async close(): Promise<void> {
    this.scheduler.stop();
    await this.gateway.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    try {
      this.sync.close();
    } finally {
      this.db.close();
    }
  }
}

/** Probes wait a moment for a lock another process holds, not the seconds a write would: a probe must not stall what it checks. */
const PROBE_BUSY_MS = 100;

/** Ready when the store takes writes: the write lock is taken and given back at once. */
function readiness(db: Database.Database): [number, unknown] {
  const busyMs = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${PROBE_BUSY_MS}`);
  try {
    db.exec('BEGIN IMMEDIATE; ROLLBACK');
    return [200, { ready: true }];
  } catch (e) {
    return [503, { ready: false, reason: `the store is not writable: ${(e as Error).message}` }];
  } finally {
    db.pragma(`busy_timeout = ${busyMs}`);
  }
}
