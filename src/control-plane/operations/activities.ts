import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { ConnectorError, type StripeConnector } from '../../connectors/stripe/index.js';
import { ActivityDefinition, pathLeavesRoot, unknownPlaceholders, type FilesActivityDefinition, type StripeActivityDefinition } from '../../protocol/operations.js';
import { Refusal } from '../refusal.js';

export type SavedActivity = ActivityDefinition & { id: string; createdAt: string; updatedAt: string };

/** What the activities need to know of connections: the agent group of one, if it exists. */
export interface ConnectionGroups {
  groupOf(connectionId: string): string | undefined;
}

interface Row {
  id: string;
  name: string;
  definition: string;
  created_at: number;
  updated_at: number;
}

/**
 * Saved activities: each definition is checked whole when saved — its shape, its connection, its
 * object and activity against the connector's catalog, a search query with the connector's
 * parser, a files path that must stay inside its root.
 */
export class Activities {
  private readonly byId: Statement<[string], Row>;

  constructor(
    private readonly db: Database,
    private readonly connector: StripeConnector,
    private readonly connections: ConnectionGroups,
  ) {
    this.byId = db.prepare('SELECT * FROM activities WHERE id = ?');
  }

  list(): SavedActivity[] {
    return (this.db.prepare('SELECT * FROM activities ORDER BY name').all() as Row[]).map(view);
  }

  get(id: string): SavedActivity {
    const row = this.byId.get(id);
    if (!row) throw Refusal.notFound('activity', id);
    return view(row);
  }

  /** The definition, or undefined when there is no such activity. */
  find(id: string): ActivityDefinition | undefined {
    const row = this.byId.get(id);
    return row && (JSON.parse(row.definition) as ActivityDefinition);
  }

  create(input: unknown, now = Date.now()): SavedActivity {
    const definition = this.check(input);
    const id = `act_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    this.unique(definition.name, id);
    this.db
      .prepare('INSERT INTO activities (id, name, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, definition.name, JSON.stringify(definition), now, now);
    return this.get(id);
  }

  /** Replaces the definition whole; `stillValid` throws when an operation using it would break. */
  update(id: string, input: unknown, stillValid: (definition: ActivityDefinition) => void, now = Date.now()): SavedActivity {
    this.get(id);
    const definition = this.check(input);
    this.unique(definition.name, id);
    stillValid(definition);
    this.db.prepare('UPDATE activities SET name = ?, definition = ?, updated_at = ? WHERE id = ?').run(definition.name, JSON.stringify(definition), now, id);
    return this.get(id);
  }

  remove(id: string): void {
    this.get(id);
    this.db.prepare('DELETE FROM activities WHERE id = ?').run(id);
  }

  /** Names of the saved activities that use a connection. */
  usingConnection(connectionId: string): string[] {
    return this.list()
      .filter((a) => a.type === 'stripe' && a.connectionId === connectionId)
      .map((a) => a.name);
  }

  /** Checks a definition as a whole and returns it normalized. */
  check(input: unknown): ActivityDefinition {
    if (typeof input === 'object' && input !== null && 'id' in input) {
      throw Refusal.invalid('id', (input as { type?: unknown }).type === 'stripe'
        ? "id is not a field of a definition: the saved activity's id is in the URL (/api/v1/activities/{id}); give the Stripe object's id to read as objectId."
        : "id is not a field of a definition: the saved activity's id is in the URL (/api/v1/activities/{id}).");
    }
    const parsed = ActivityDefinition.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.length > 0 ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? String(issue.keys[0]) : 'type';
      const message = issue.code === 'unrecognized_keys'
        ? `${issue.keys.join(', ')} is not a field of this activity.`
        : `${field}: ${issue.message}. An activity is {name, type: "stripe", connectionId, activity, object, query?, objectId?, maxResults?} or {name, type: "files", activity: "read"|"write", root, pattern?, path?, format, afterRead?}.`;
      throw Refusal.invalid(issue.code === 'unrecognized_keys' ? String(issue.keys[0]) : field, message);
    }
    const definition = parsed.data;
    if (definition.type === 'stripe') this.checkStripe(definition);
    else checkFiles(definition);
    return definition;
  }

  private checkStripe(definition: StripeActivityDefinition): void {
    if (this.connections.groupOf(definition.connectionId) === undefined) {
      throw Refusal.invalid('connectionId', `No Stripe connection ${definition.connectionId}; create it first with POST /api/v1/connections.`);
    }
    try {
      const [entry] = this.connector.catalog(definition.object);
      if (!entry!.activities.includes(definition.activity)) {
        throw new ConnectorError('unsupported_activity', `${entry!.object} does not support ${definition.activity}; it supports ${entry!.activities.join(', ')}.`);
      }
      if (definition.activity === 'search') {
        this.connector.checkInput('search', { object: definition.object, query: definition.query, maxResults: definition.maxResults });
      }
      if (definition.activity === 'read') this.connector.checkInput('read', { object: definition.object, id: definition.objectId });
    } catch (e) {
      if (!(e instanceof ConnectorError)) throw e;
      const field = e.code === 'invalid_query' ? 'query' : e.code === 'unsupported_activity' ? 'activity' : e.code === 'unknown_object' ? 'object' : /\bid\b/.test(e.message) ? 'objectId' : 'query';
      // The connector names its input `id`; a saved activity calls it objectId.
      const message = field === 'objectId' ? e.message.replace(/^id\b/, 'objectId') : e.message;
      throw Refusal.invalid(field, message, e.offset === undefined ? {} : { offset: e.offset }, e.code);
    }
    const extra = definition.activity === 'search' ? [] : (['query', 'maxResults'] as const).filter((k) => definition[k] !== undefined);
    if (extra.length > 0) throw Refusal.invalid(extra[0]!, `${extra[0]} applies only to a search.`);
    if (definition.activity !== 'read' && definition.objectId !== undefined) {
      throw Refusal.invalid('objectId', `objectId applies only to a read; a ${definition.activity}'s ids come from the mapping's output.`);
    }
  }

  private unique(name: string, id: string): void {
    if (this.db.prepare('SELECT 1 FROM activities WHERE name = ? AND id != ?').get(name, id)) {
      throw new Refusal('conflict', 'duplicate_name', `An activity named '${name}' already exists; activity names are unique.`, { field: 'name' });
    }
  }
}

function checkFiles(definition: FilesActivityDefinition): void {
  const [needed, other] = definition.activity === 'read' ? (['pattern', 'path'] as const) : (['path', 'pattern'] as const);
  const value = definition[needed];
  if (value === undefined) {
    throw Refusal.invalid(needed, definition.activity === 'read'
      ? 'pattern is required for a files read: which files of the root to take, as in "in/*.csv".'
      : 'path is required for a files write: the file to write, as in "out/customers-{date}-{runId}.ndjson".');
  }
  if (definition[other] !== undefined) throw Refusal.invalid(other, `${other} does not apply to a files ${definition.activity}; use ${needed}.`);
  if (definition.activity === 'write' && definition.afterRead !== undefined) throw Refusal.invalid('afterRead', 'afterRead applies only to a files read.');
  const leaves = pathLeavesRoot(value);
  if (leaves) throw Refusal.invalid(needed, `${needed} '${value}' leaves the root '${definition.root}': ${leaves}.`, {}, 'path_escape');
  if (needed === 'pattern' && /[*?]/.test(value.split('/').slice(0, -1).join('/'))) {
    throw Refusal.invalid('pattern', 'Wildcards match within a file name only, as in "in/*.csv"; the directories before it are plain names.');
  }
  if (needed === 'path') {
    const unknown = unknownPlaceholders(value);
    if (unknown.length > 0) throw Refusal.invalid('path', `path has {${unknown[0]}}; a path may use {runId}, {date} and {operation}.`);
    if (value.endsWith('/')) throw Refusal.invalid('path', 'path names a file, not a directory.');
  }
}

function view(row: Row): SavedActivity {
  return {
    ...(JSON.parse(row.definition) as ActivityDefinition),
    id: row.id,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
