import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { DEFAULT_API_BASE, maskSecrets, type ConnectionConfig, type StripeConnector } from '../connectors/stripe/index.js';
import { Refusal } from './refusal.js';
import type { Sealer } from './secrets.js';
import type { ConnectionView } from './views.js';

export interface ConnectionInput {
  name?: unknown;
  apiKey?: unknown;
  useProxySettings?: unknown;
  apiBase?: unknown;
  agentGroup?: unknown;
  rateLimit?: unknown;
  searchRateLimit?: unknown;
}

interface Row {
  id: string;
  name: string;
  api_key_sealed: string;
  api_key_hint: string;
  use_proxy_settings: number;
  api_base: string;
  agent_group: string;
  rate_limit: number | null;
  search_rate_limit: number | null;
  created_at: number;
  updated_at: number;
}

/** Stripe connections, their keys sealed at rest; the connector's own rules check each one. */
export class Connections {
  private readonly allowedApiBases: ReadonlySet<string>;
  /** Read for every job submitted and every job dispatched: prepared once. */
  private readonly byId: Statement;
  /**
   * Each connection's key as last sealed or opened here, beside its sealed text: opening one took
   * a tenth of a millisecond of every dispatch. A changed key is sealed anew, with a new IV, so an
   * entry whose sealed text no longer matches the row is never used, whichever control plane on
   * the store changed it. The master key is in this process anyway. An entry is replaced when its
   * key changes and dropped once its connection is found gone; a true private field, so no
   * inspection of this object prints it.
   */
  readonly #opened = new Map<string, { sealed: string; apiKey: string }>();

  constructor(
    private readonly db: Database,
    private readonly sealer: Sealer,
    private readonly connector: StripeConnector,
    private readonly groupExists: (name: string) => boolean,
    /** API bases besides Stripe's that a connection may name (the operator's --allowed-api-base). */
    allowedApiBases: readonly string[] = [],
  ) {
    this.allowedApiBases = new Set([DEFAULT_API_BASE, ...allowedApiBases.map((base) => new URL(base).origin)]);
    this.byId = db.prepare('SELECT * FROM connections WHERE id = ?');
  }

  list(): ConnectionView[] {
    return (this.db.prepare('SELECT * FROM connections ORDER BY name').all() as Row[]).map(view);
  }

  get(id: string): ConnectionView {
    return view(this.row(id));
  }

  /** The full configuration, key included, for a job sent to an agent. */
  config(id: string): ConnectionConfig & { agentGroup: string } {
    const row = this.row(id);
    return {
      name: row.name,
      apiKey: this.apiKey(row),
      useProxySettings: row.use_proxy_settings === 1,
      apiBase: row.api_base,
      agentGroup: row.agent_group,
      ...limitsOf(row),
    };
  }

  /**
   * Checks a connection as typed on the screen, saved or not, for a test: the fields given over
   * the stored ones (the stored key when none is typed). Returns it sealed, for the job to carry.
   */
  sealedDraft(input: ConnectionInput & { id?: unknown }): { sealed: string; agentGroup: string } {
    const stored = typeof input.id === 'string' ? this.config(input.id) : undefined;
    const { id: _id, ...fields } = input;
    const checked = this.check({ ...stored, ...definedOnly(fields) });
    if (stored) keyStaysWithItsTarget(stored, checked, fields.apiKey);
    const { agentGroup, override: _override, ...config } = checked;
    const { name, apiKey, useProxySettings, apiBase } = config;
    const limits = { ...(checked.override.rateLimit ? { rateLimit: config.rateLimit } : {}), ...(checked.override.searchRateLimit ? { searchRateLimit: config.searchRateLimit } : {}) };
    return { sealed: this.sealer.seal(JSON.stringify({ name, apiKey, useProxySettings, apiBase, ...limits })), agentGroup };
  }

  /** The connection a job runs on: its own sealed draft, or the stored connection. */
  forJob(connectionId: string, input: Record<string, unknown>): ConnectionConfig {
    if (typeof input.sealedConnection === 'string') return JSON.parse(this.sealer.open(input.sealedConnection)) as ConnectionConfig;
    const { agentGroup: _group, ...config } = this.config(connectionId);
    return config;
  }

  /** Every connection a run's operation uses, by id; throws when one was deleted. */
  forOperation(input: Record<string, unknown>): Record<string, ConnectionConfig> {
    const operation = input.operation as { source?: { type?: string; connectionId?: string }; target?: { type?: string; connectionId?: string } } | undefined;
    const ids = [operation?.source, operation?.target].flatMap((a) => (a?.type === 'stripe' && a.connectionId ? [a.connectionId] : []));
    return Object.fromEntries(ids.map((id) => [id, this.forJob(id, {})]));
  }

  /** The agent group of a connection, or undefined when there is none. */
  groupOf(id: string): string | undefined {
    return (this.db.prepare('SELECT agent_group FROM connections WHERE id = ?').pluck().get(id) as string | undefined);
  }

  create(input: ConnectionInput, now = Date.now()): ConnectionView {
    const checked = this.check(input);
    const id = `conn_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    this.unique(checked.name, id);
    const sealed = this.sealer.seal(checked.apiKey);
    this.db
      .prepare(
        `INSERT INTO connections (id, name, api_key_sealed, api_key_hint, use_proxy_settings, api_base, agent_group, rate_limit, search_rate_limit, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, checked.name, sealed, maskSecrets(checked.apiKey), checked.useProxySettings ? 1 : 0, checked.apiBase, checked.agentGroup,
        checked.override.rateLimit ?? null, checked.override.searchRateLimit ?? null, now, now);
    this.#opened.set(id, { sealed, apiKey: checked.apiKey });
    return this.get(id);
  }

  /** Fields not given keep their value; the key is kept unless a new one is given. */
  update(id: string, input: ConnectionInput, now = Date.now()): ConnectionView {
    const current = this.config(id);
    const merged = { ...current, ...definedOnly(input) };
    const checked = this.check(merged);
    keyStaysWithItsTarget(current, checked, input.apiKey);
    this.unique(checked.name, id);
    const sealed = this.sealer.seal(checked.apiKey);
    this.db
      .prepare(
        `UPDATE connections SET name = ?, api_key_sealed = ?, api_key_hint = ?, use_proxy_settings = ?, api_base = ?, agent_group = ?,
           rate_limit = ?, search_rate_limit = ?, updated_at = ? WHERE id = ?`,
      )
      .run(checked.name, sealed, maskSecrets(checked.apiKey), checked.useProxySettings ? 1 : 0, checked.apiBase, checked.agentGroup,
        checked.override.rateLimit ?? null, checked.override.searchRateLimit ?? null, now, id);
    this.#opened.set(id, { sealed, apiKey: checked.apiKey });
    return this.get(id);
  }

  remove(id: string): void {
    this.row(id);
    this.db.prepare('DELETE FROM connections WHERE id = ?').run(id);
    this.#opened.delete(id);
  }

  private apiKey(row: Row): string {
    const known = this.#opened.get(row.id);
    if (known?.sealed === row.api_key_sealed) return known.apiKey;
    const apiKey = this.sealer.open(row.api_key_sealed);
    this.#opened.set(row.id, { sealed: row.api_key_sealed, apiKey });
    return apiKey;
  }

  private check(input: ConnectionInput) {
    let connection;
    try {
      connection = this.connector.validateConnection(input);
    } catch (e) {
      throw Refusal.fromConnector(e);
    }
    const agentGroup = input.agentGroup === undefined ? 'default' : input.agentGroup;
    if (typeof agentGroup !== 'string' || !this.groupExists(agentGroup)) {
      throw Refusal.invalid('agentGroup', `agentGroup '${String(agentGroup)}' does not exist; create it with POST /api/v1/agent-groups or use 'default'`);
    }
    if (!this.allowedApiBases.has(connection.apiBase)) {
      throw new Refusal('invalid', 'api_base_not_allowed', `apiBase '${connection.apiBase}' is not allowed: a connection may reach ${[...this.allowedApiBases].join(', ')}; the operator adds others with --allowed-api-base.`, { field: 'apiBase' });
    }
    // Only the limits given are stored: the others follow Stripe's, whatever they become.
    const override = { rateLimit: given(input.rateLimit) ? connection.rateLimit : undefined, searchRateLimit: given(input.searchRateLimit) ? connection.searchRateLimit : undefined };
    return { ...connection, agentGroup, override };
  }

  private unique(name: string, id: string): void {
    const other = this.db.prepare('SELECT id FROM connections WHERE name = ? AND id != ?').get(name, id);
    if (other) throw new Refusal('conflict', 'duplicate_name', `A Stripe connection named '${name}' already exists; connection names are unique.`, { field: 'name' });
  }

  private row(id: string): Row {
    const row = this.byId.get(id) as Row | undefined;
    if (!row) {
      // Removed, perhaps by another control plane on the store: its key is not kept here either.
      this.#opened.delete(id);
      throw Refusal.notFound('connection', id);
    }
    return row;
  }
}

function view(row: Row): ConnectionView {
  return {
    id: row.id,
    name: row.name,
    apiKey: row.api_key_hint,
    useProxySettings: row.use_proxy_settings === 1,
    apiBase: row.api_base,
    agentGroup: row.agent_group,
    ...limitsOf(row),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * A stored key goes only where it was entered for: sending it to another API base or another
 * group's agents needs the key typed again, as a password manager asks for a changed site.
 */
function keyStaysWithItsTarget(stored: { apiBase?: string; agentGroup: string }, next: { apiBase: string; agentGroup: string }, typedKey: unknown): void {
  if (typedKey !== undefined) return;
  const changed = (['apiBase', 'agentGroup'] as const).filter((field) => stored[field] !== next[field]);
  if (changed.length > 0) {
    throw new Refusal('invalid', 'api_key_required', `${changed.join(' and ')} differ from the stored connection's; enter the API key again to send it there.`, { field: 'apiKey' });
  }
}

function limitsOf(row: Row): { rateLimit?: number; searchRateLimit?: number } {
  return { ...(row.rate_limit !== null ? { rateLimit: row.rate_limit } : {}), ...(row.search_rate_limit !== null ? { searchRateLimit: row.search_rate_limit } : {}) };
}

function given(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function definedOnly(input: ConnectionInput): ConnectionInput {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}
