import semver from 'semver';
import { ConnectorError, type Activity, type CatalogEntry, type StripeConnector } from '../connectors/stripe/index.js';
import { BUNDLE_CATALOG } from '../connectors/bundle.js';
import type { Agents } from './agents.js';
import type { Registry } from './registry.js';

export interface ServedCatalog {
  /** The connector version it is the catalog of. */
  connectorVersion: string;
  entries: readonly CatalogEntry[];
}

/**
 * The catalog the control plane serves and checks jobs against: that of the newest connector
 * version its connected agents run, read from that version's bundle in the registry — not the
 * copy compiled into the control plane, which may be older than what the agents run. A job for an
 * object only a newer connector knows is then not refused up front.
 */
export class Catalogs {
  /** Versions are immutable, so a bundle's catalog is read once. */
  private readonly fromBundles = new Map<string, readonly CatalogEntry[] | null>();

  constructor(
    private readonly builtin: StripeConnector,
    private readonly registry: Registry,
    private readonly agents: Agents,
    private readonly connected: (agentId: string) => boolean,
  ) {}

  /** The catalog of the newest version the connected agents (of `group`, when given) run. */
  current(group?: string): ServedCatalog {
    const own: ServedCatalog = { connectorVersion: this.builtin.manifest.version, entries: this.builtin.catalog() };
    const running = this.agents
      .list(this.connected)
      .filter((a) => a.connected && (group === undefined || a.group === group))
      .map((a) => a.connectors.stripe)
      .filter((v): v is string => typeof v === 'string' && semver.valid(v) !== null && semver.gt(v, own.connectorVersion))
      .sort(semver.rcompare);
    for (const version of running) {
      const entries = this.bundled(version);
      if (entries) return { connectorVersion: version, entries };
    }
    return own;
  }

  /** One object of the current catalog, by its name (or its name without the final s). */
  entry(name: string, group?: string): { entry: CatalogEntry; connectorVersion: string } | undefined {
    const { entries, connectorVersion } = this.current(group);
    const entry = entries.find((e) => e.object === name) ?? entries.find((e) => e.object === `${name}s`);
    return entry && { entry, connectorVersion };
  }

  /**
   * Checks a job's input before it is queued: fully, with the control plane's own connector, for
   * what it knows; for what only the newer connector the agents run knows, that the object exists
   * there and supports the activity (the agent checks the rest).
   */
  checkInput(activity: Activity, input: Record<string, unknown>, group: string): void {
    try {
      this.builtin.checkInput(activity, input);
    } catch (e) {
      if (!(e instanceof ConnectorError) || (e.code !== 'unknown_object' && e.code !== 'unsupported_activity')) throw e;
      const newer = typeof input.object === 'string' ? this.entry(input.object, group) : undefined;
      if (!newer || newer.connectorVersion === this.builtin.manifest.version || !newer.entry.activities.includes(activity)) throw e;
    }
  }

  private bundled(version: string): readonly CatalogEntry[] | null {
    let entries = this.fromBundles.get(version);
    if (entries === undefined) {
      const file = this.registry.file('stripe', version, BUNDLE_CATALOG);
      // Not (yet) in this registry: look again next time.
      if (file === undefined) return null;
      entries = readCatalog(file);
      this.fromBundles.set(version, entries);
    }
    return entries;
  }
}

function readCatalog(content: Buffer | null): readonly CatalogEntry[] | null {
  if (!content) return null;
  try {
    const entries = JSON.parse(content.toString('utf8')) as unknown;
    return Array.isArray(entries) && entries.every((e) => typeof e?.object === 'string' && Array.isArray(e.activities)) ? (entries as CatalogEntry[]) : null;
  } catch {
    return null;
  }
}
