import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { compileMapping, MappingError } from '../../mapping/jsonata.js';
import { OperationOptions, roleOf, type ActivityDefinition, type ResolvedOperation } from '../../protocol/operations.js';
import { FireTimes, isoInZone, Schedule, ScheduleError } from '../scheduler/cron.js';
import type { Operation } from '../views.js';
import { actionLoop } from './actions.js';
import type { Activities, ConnectionGroups } from './activities.js';
import { Refusal } from '../refusal.js';

/** How many fire times an operation's view shows. */
const NEXT_FIRE_TIMES = 5;

interface Row {
  id: string;
  name: string;
  source_id: string;
  mapping: string | null;
  target_id: string | null;
  options: string;
  schedule: string | null;
  schedule_set_at: number | null;
  created_at: number;
  updated_at: number;
}

interface Chain {
  name: string;
  source: string;
  mapping: string | undefined;
  target: string | undefined;
  options: OperationOptions;
  schedule: Schedule | undefined;
}

/** What the scheduler reads of an operation. */
export interface ScheduledOperation {
  id: string;
  schedule: Schedule;
  /** When the schedule was last set, in ms. */
  setAt: number;
}

/** Where a run goes: its agent group and the files roots its agent must declare. */
export interface Placement {
  group: string;
  roots: string[];
  connectionIds: string[];
}

/**
 * Operations: a source activity, a JSONata mapping, a target activity. A chain is checked whole
 * when saved, and again when it runs (an activity or a connection may have changed since).
 */
export class Operations {
  private readonly byId: Statement<[string], Row>;

  constructor(
    private readonly db: Database,
    private readonly activities: Activities,
    private readonly connections: ConnectionGroups,
    private readonly clock: () => number = Date.now,
  ) {
    this.byId = db.prepare('SELECT * FROM operations WHERE id = ?');
  }

  list(): Operation[] {
    return (this.db.prepare('SELECT * FROM operations ORDER BY name').all() as Row[]).map((r) => this.view(r));
  }

  get(id: string): Operation {
    const row = this.byId.get(id);
    if (!row) throw Refusal.notFound('operation', id);
    return this.view(row);
  }

  /** The operations with a schedule, enabled or not. */
  scheduled(): ScheduledOperation[] {
    const rows = this.db.prepare('SELECT id, schedule, schedule_set_at FROM operations WHERE schedule IS NOT NULL').all() as Row[];
    return rows.map((r) => ({ id: r.id, schedule: JSON.parse(r.schedule!) as Schedule, setAt: r.schedule_set_at ?? 0 }));
  }

  create(input: unknown, now = this.clock()): Operation {
    const chain = this.check(input);
    const id = `op_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    this.unique(chain.name, id);
    this.checkActions(id, chain.options);
    this.db
      .prepare('INSERT INTO operations (id, name, source_id, mapping, target_id, options, schedule, schedule_set_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, chain.name, chain.source, chain.mapping ?? null, chain.target ?? null, JSON.stringify(chain.options), scheduleJson(chain), chain.schedule ? now : null, now, now);
    return this.get(id);
  }

  /** Replaces the operation whole; the scheduler reads a changed schedule on its next tick. */
  update(id: string, input: unknown, now = this.clock()): Operation {
    const before = this.byId.get(id);
    if (!before) throw Refusal.notFound('operation', id);
    const chain = this.check(input);
    this.unique(chain.name, id);
    this.checkActions(id, chain.options);
    const schedule = scheduleJson(chain);
    const setAt = schedule === null ? null : schedule === before.schedule ? before.schedule_set_at : now;
    this.db
      .prepare('UPDATE operations SET name = ?, source_id = ?, mapping = ?, target_id = ?, options = ?, schedule = ?, schedule_set_at = ?, updated_at = ? WHERE id = ?')
      .run(chain.name, chain.source, chain.mapping ?? null, chain.target ?? null, JSON.stringify(chain.options), schedule, setAt, now, id);
    return this.get(id);
  }

  remove(id: string): void {
    const op = this.get(id);
    const callers = this.list().filter((o) => o.options.onSuccess === id || o.options.onFailure === id);
    if (callers.length > 0) {
      throw new Refusal('conflict', 'in_use', `'${op.name}' is the onSuccess or onFailure action of ${callers.map((o) => `'${o.name}'`).join(', ')}; change them first.`, {
        operations: callers.map((o) => o.id),
      });
    }
    this.db.prepare('DELETE FROM operations WHERE id = ?').run(id);
  }

  /** The operations that use an activity, as source or target. */
  using(activityId: string): Operation[] {
    return (this.db.prepare('SELECT * FROM operations WHERE source_id = ? OR target_id = ? ORDER BY name').all(activityId, activityId) as Row[]).map((r) => this.view(r));
  }

  /** Throws when replacing an activity's definition would break an operation that uses it. */
  checkReplacement(activityId: string, definition: ActivityDefinition): void {
    for (const op of this.using(activityId)) {
      const role = op.source === activityId ? 'source' : 'target';
      if (roleOf(definition) !== role) {
        throw Refusal.invalid('activity', `The operation '${op.name}' uses this activity as its ${role}; a ${definition.type} ${definition.activity} is not a ${role}.`);
      }
      const other = role === 'source' ? op.target : op.source;
      const otherDefinition = other === null ? undefined : this.activities.find(other);
      const pair = role === 'source' ? [definition, otherDefinition] : [otherDefinition, definition];
      this.placement(pair[0]!, pair[1], op.options, 'connectionId', op.name);
    }
  }

  /** The operation with its activities as they are now, checked again, and where it must run. */
  resolve(id: string): { operation: ResolvedOperation; placement: Placement } {
    const op = this.get(id);
    const chain = this.check({ name: op.name, source: op.source, mapping: op.mapping ?? undefined, target: op.target ?? undefined, options: op.options });
    const source = { ...this.activities.find(chain.source)!, id: chain.source };
    const target = chain.target === undefined ? undefined : { ...this.activities.find(chain.target)!, id: chain.target };
    return {
      operation: {
        operationId: op.id,
        name: op.name,
        source,
        ...(chain.mapping !== undefined ? { mapping: chain.mapping } : {}),
        ...(target ? { target } : {}),
        options: chain.options,
      },
      placement: this.placement(source, target, chain.options, 'target', op.name),
    };
  }

  private check(input: unknown): Chain {
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw Refusal.invalid('name', 'The body must be an operation: {name, source, mapping?, target?, options?}.');
    const body = input as Record<string, unknown>;
    const unknown = Object.keys(body).find((k) => !['name', 'source', 'mapping', 'target', 'options', 'schedule'].includes(k));
    if (unknown) throw Refusal.invalid(unknown, `${unknown} is not a field of an operation; it has name, source, mapping, target, options and schedule.`);
    if (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > 200) throw Refusal.invalid('name', 'name is required: up to 200 characters.');
    const sourceDefinition = this.activity(body.source, 'source');
    const target = body.target === undefined || body.target === null ? undefined : body.target;
    const targetDefinition = target === undefined ? undefined : this.activity(target, 'target');
    let mapping: string | undefined;
    if (body.mapping !== undefined && body.mapping !== null && body.mapping !== '') {
      if (typeof body.mapping !== 'string') throw Refusal.invalid('mapping', 'mapping must be a JSONata expression, as a string.');
      try {
        compileMapping(body.mapping);
      } catch (e) {
        if (!(e instanceof MappingError)) throw e;
        throw Refusal.invalid('mapping', e.message, e.position === undefined ? {} : { position: e.position }, 'invalid_mapping');
      }
      mapping = body.mapping;
    }
    const options = OperationOptions.safeParse(body.options ?? {});
    if (!options.success) {
      const issue = options.error.issues[0]!;
      const field = `options${issue.path.length ? `.${issue.path.join('.')}` : issue.code === 'unrecognized_keys' ? `.${issue.keys[0]}` : ''}`;
      throw Refusal.invalid(field, `${field}: ${issue.message}; options are {concurrency?: 1–32, agentGroup?, timeoutS?: 1–86400, onSuccess?, onFailure?, failOnRecordErrors?, log?: "everything"|"errors"}.`);
    }
    this.placement(sourceDefinition, targetDefinition, options.data, 'target', body.name);
    const schedule = checkSchedule(body.schedule);
    return { name: body.name.trim(), source: body.source as string, mapping, target: target as string | undefined, options: options.data, schedule };
  }

  /** A schedule checked as on save, with its next fire times: the console shows them as one types. */
  previewSchedule(input: unknown): { next: string[] } {
    if (input === undefined || input === null) throw Refusal.invalid('schedule.cron', 'schedule.cron is required: five fields, or six with seconds first.');
    const schedule = checkSchedule(input)!;
    return { next: new FireTimes(schedule).next(NEXT_FIRE_TIMES, this.clock()).map((d) => isoInZone(d, schedule.timezone)) };
  }

  /** An action must name a saved operation, and following the actions from this one must never come back to it. */
  private checkActions(id: string, options: OperationOptions): void {
    for (const field of ['onSuccess', 'onFailure'] as const) {
      const next = options[field];
      if (next !== undefined && next !== id && !this.byId.get(next)) throw Refusal.invalid(`options.${field}`, `options.${field}: no operation ${next}; name a saved operation's id.`);
    }
    const names = new Map(this.list().map((o) => [o.id, o.name]));
    const loop = actionLoop(id, options, (other) => (this.byId.get(other) ? this.get(other).options : undefined));
    if (loop) {
      const path = loop.path.map((p) => `'${names.get(p) ?? 'this operation'}'`).join(' → ');
      throw Refusal.invalid(`options.${loop.field}`, `options.${loop.field} would make a loop: ${path}. An action may not lead back to the operation it starts from.`, {}, 'action_loop');
    }
  }

  private view(row: Row): Operation {
    const schedule = row.schedule === null ? null : (JSON.parse(row.schedule) as Schedule);
    const next = schedule?.enabled ? new FireTimes(schedule).next(NEXT_FIRE_TIMES, this.clock()).map((d) => isoInZone(d, schedule.timezone)) : [];
    return {
      id: row.id,
      name: row.name,
      source: row.source_id,
      mapping: row.mapping,
      target: row.target_id,
      options: JSON.parse(row.options) as OperationOptions,
      schedule: schedule && { ...schedule, next },
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  private activity(id: unknown, role: 'source' | 'target'): ActivityDefinition {
    if (typeof id !== 'string' || id === '') throw Refusal.invalid(role, `${role} is required: the id of a saved ${role} activity.`);
    const definition = this.activities.find(id);
    if (!definition) throw Refusal.invalid(role, `No activity ${id}; save it first with POST /api/v1/activities.`);
    if (roleOf(definition) !== role) {
      const kind = definition.type === 'stripe' ? `a Stripe ${definition.activity}` : `a files ${definition.activity}`;
      throw Refusal.invalid(role, `'${definition.name}' is ${kind}, which is not a ${role}; sources are Search, Read and files read, targets are Create, Update, Delete and files write.`);
    }
    return definition;
  }

  private placement(source: ActivityDefinition, target: ActivityDefinition | undefined, options: OperationOptions, field: string, name: string): Placement {
    const stripe = [source, target].filter((d): d is Extract<ActivityDefinition, { type: 'stripe' }> => d?.type === 'stripe');
    const groups = new Map<string, string>();
    for (const d of stripe) {
      const group = this.connections.groupOf(d.connectionId);
      if (group === undefined) throw Refusal.invalid(field, `'${d.name}' uses the connection ${d.connectionId}, which no longer exists.`);
      groups.set(d.connectionId, group);
    }
    const distinct = [...new Set(groups.values())];
    if (distinct.length > 1) {
      throw Refusal.invalid(field, `In '${name}', the source and the target use connections of different agent groups (${distinct.join(' and ')}); one agent runs the whole operation, so they must share a group.`);
    }
    if (distinct.length === 1 && options.agentGroup !== undefined && options.agentGroup !== distinct[0]) {
      throw Refusal.invalid('options.agentGroup', `options.agentGroup '${options.agentGroup}' differs from the group '${distinct[0]}' of its connections.`);
    }
    const roots = [...new Set([source, target].flatMap((d) => (d?.type === 'files' ? [d.root] : [])))];
    return { group: distinct[0] ?? options.agentGroup ?? 'default', roots, connectionIds: [...groups.keys()] };
  }

  private unique(name: string, id: string): void {
    if (this.db.prepare('SELECT 1 FROM operations WHERE name = ? AND id != ?').get(name.trim(), id)) {
      throw new Refusal('conflict', 'duplicate_name', `An operation named '${name.trim()}' already exists; operation names are unique.`, { field: 'name' });
    }
  }
}

function checkSchedule(input: unknown): Schedule | undefined {
  if (input === undefined || input === null) return undefined;
  const parsed = Schedule.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `schedule${issue.path.length ? `.${issue.path.join('.')}` : issue.code === 'unrecognized_keys' ? `.${issue.keys[0]}` : ''}`;
    throw Refusal.invalid(field, `${field}: ${issue.message}; a schedule is {cron, timezone?: "UTC", enabled?: true, catchUp?: false}.`);
  }
  try {
    new FireTimes(parsed.data);
  } catch (e) {
    if (!(e instanceof ScheduleError)) throw e;
    throw Refusal.invalid(e.field, e.message, {}, 'invalid_schedule');
  }
  return parsed.data;
}

function scheduleJson(chain: Chain): string | null {
  return chain.schedule ? JSON.stringify(chain.schedule) : null;
}
