import type { Database } from 'better-sqlite3';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The control plane's Prometheus metrics (prom-client): the queue read from SQLite at scrape
 * time, agents connected as the gateway sees them, expired leases, and HTTP requests by route.
 */
export class ControlPlaneMetrics {
  readonly registry = new Registry();
  readonly leasesExpired: Counter;
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly durations: Histogram<'route' | 'method'>;

  constructor(db: Database, connectedByGroup: () => Map<string, number>) {
    const registers = [this.registry];
    const byGroup = db.prepare(
      `SELECT agent_group AS grp, status, COUNT(*) AS n, MIN(created_at) AS oldest FROM jobs WHERE status IN ('queued', 'running') GROUP BY agent_group, status`,
    );
    const queue = () => byGroup.all() as Array<{ grp: string; status: string; n: number; oldest: number }>;
    new Gauge({
      name: 'stripe_control_plane_jobs', help: 'Queued and running jobs, by agent group.', labelNames: ['group', 'status'], registers,
      collect() {
        this.reset();
        for (const r of queue()) this.set({ group: r.grp, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'stripe_control_plane_oldest_queued_job_age_seconds', help: 'Age of the oldest queued job, by agent group.', labelNames: ['group'], registers,
      collect() {
        this.reset();
        for (const r of queue()) if (r.status === 'queued') this.set({ group: r.grp }, (Date.now() - r.oldest) / 1000);
      },
    });
    const groups = db.prepare('SELECT name FROM agent_groups').pluck();
    new Gauge({
      name: 'stripe_control_plane_agents_connected', help: 'Agents connected now, by agent group (0 for a group with none).', labelNames: ['group'], registers,
      collect() {
        this.reset();
        // Every group, so that "no agent left" is a 0 to alert on rather than a series gone missing.
        const connected = connectedByGroup();
        for (const group of groups.all() as string[]) this.set({ group }, connected.get(group) ?? 0);
      },
    });
    this.leasesExpired = new Counter({ name: 'stripe_control_plane_leases_expired_total', help: 'Job leases that expired and put their job back in the queue.', registers });
    this.requests = new Counter({ name: 'stripe_control_plane_http_requests_total', help: 'HTTP requests, by route, method and status.', labelNames: ['route', 'method', 'status'], registers });
    this.durations = new Histogram({ name: 'stripe_control_plane_http_request_duration_seconds', help: 'HTTP request durations, by route and method.', labelNames: ['route', 'method'], registers });
  }

  /** Counts a request when its answer is sent; ids in the path are folded so the routes stay few. */
  observe(method: string, path: string, started: number, status: number): void {
    const route = routeOf(path);
    this.requests.inc({ route, method, status: String(status) });
    this.durations.observe({ route, method }, (performance.now() - started) / 1000);
  }
}

/** `/api/v1/jobs/job_1/records` → `/api/v1/jobs/{id}/records`; the console's files are one route. */
function routeOf(path: string): string {
  if (!path.startsWith('/api/')) return ['/healthz', '/readyz', '/metrics'].includes(path) ? path : '/console';
  const parts = path.split('/');
  return parts.map((part, i) => (i > 3 && i % 2 === 0 && part !== '' ? '{id}' : part)).join('/');
}
