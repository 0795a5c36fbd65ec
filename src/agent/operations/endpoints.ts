import { setTimeout as sleep } from 'node:timers/promises';
import { throttleDelay, type ConnectionConfig, type StripeConnector } from '../../connectors/stripe/index.js';
import type { JobMessage } from '../../protocol/messages.js';
import { expandPath, type ResolvedOperation, type StripeActivityDefinition } from '../../protocol/operations.js';
import type { Channel } from '../executor.js';
import { RecordChunks } from '../chunks.js';
import type { Outbox } from '../outbox.js';
import { afterRead, AtomicWriter, matchingFiles, readRecords } from './files.js';
import type { FilesRoots } from './roots.js';

/** What a run needs of the agent around it. */
export interface RunContext {
  job: JobMessage;
  connector: StripeConnector;
  roots: FilesRoots;
  outbox: Outbox;
  channel: Channel;
  signal: AbortSignal;
}

export interface SourceItem {
  record: Record<string, unknown> | undefined;
  recordId?: string;
  /** Why the item is not a usable record (a bad line of a file). */
  problem?: string;
}

export interface Source {
  items(): AsyncIterable<SourceItem>;
  /** After a run that finished: what the activity says to do with what it read. */
  finished(): Promise<void>;
}

export interface Target {
  /** Its writes are idempotent by position and may run side by side: a run can go on from a checkpoint. */
  readonly resumable: boolean;
  write(input: unknown, index: number): Promise<void>;
  /** Makes the output final; returns the file written, if any. */
  commit(): Promise<{ file?: string; chunks?: number }>;
  discard(): Promise<void>;
}

/** One record's failure: it is counted and listed, and the run goes on. */
export class RecordFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: { position?: number; param?: string } = {},
  ) {
    super(message);
  }
}

/** Failures that would fail every record alike: they stop the run instead. */
const FATAL = new Set(['authentication_failed', 'permission_denied', 'rate_limited', 'stripe_unavailable', 'dns', 'connection_refused', 'timeout', 'tls', 'network', 'proxy', 'unknown_object', 'unsupported_activity']);


export async function openSource(definition: ResolvedOperation['source'], ctx: RunContext): Promise<Source> {
  if (definition.type === 'stripe') {
    const connection = connectionOf(definition, ctx);
    return {
      async *items() {
        if (definition.activity === 'read') {
          const record = await ctx.connector.read(connection, { object: definition.object, id: definition.objectId }, { signal: ctx.signal });
          yield { record, recordId: idOf(record) };
          return;
        }
        const input = { object: definition.object, query: definition.query, ...(definition.maxResults ? { maxResults: definition.maxResults } : {}) };
        for await (const record of ctx.connector.search(connection, input, { signal: ctx.signal })) yield { record, recordId: idOf(record) };
      },
      finished: async () => undefined,
    };
  }
  const { rootDir, files } = await matchingFiles(ctx.roots, definition);
  return {
    async *items() {
      for (const file of files) {
        for await (const item of readRecords(await ctx.roots.existing(rootDir, file, definition.root), file, definition.format)) {
          yield { ...item, recordId: typeof item.record?.id === 'string' ? item.record.id : item.recordId };
        }
      }
    },
    async finished() {
      if (definition.afterRead && definition.afterRead !== 'keep') await afterRead(rootDir, files, definition.afterRead, ctx.job.jobId);
    },
  };
}

export async function openTarget(operation: ResolvedOperation, ctx: RunContext): Promise<Target> {
  const definition = operation.target;
  if (!definition) return outputTarget(ctx);
  if (definition.type === 'stripe') return stripeTarget(definition, ctx);
  const rootDir = await ctx.roots.root(definition.root);
  await ctx.roots.assertWritable(rootDir, definition.root);
  const file = expandPath(definition.path!, { runId: ctx.job.jobId, operation: operation.name, now: new Date() });
  const writer = new AtomicWriter(await ctx.roots.forWriting(rootDir, file, definition.root), definition.format);
  return {
    resumable: false,
    write: (input) => writer.write(asObject(input, 'a files write')),
    commit: async () => {
      await writer.commit();
      return { file };
    },
    discard: () => writer.discard(),
  };
}

function stripeTarget(definition: StripeActivityDefinition, ctx: RunContext): Target {
  const connection = connectionOf(definition, ctx);
  const options = { signal: ctx.signal };
  const { connector, job } = ctx;
  return {
    resumable: true,
    async write(input, index) {
      const data = asObject(input, `a Stripe ${definition.activity}`);
      // The same key for the same record of the same run, on any attempt and any agent: Stripe applies it once.
      const idempotencyKey = `stripe-agent-${job.jobId}-${index}`;
      const object = definition.object;
      const once = async (): Promise<void> => {
        if (definition.activity === 'create') return void (await connector.create(connection, { object, data, idempotencyKey }, options));
        const id = data.id;
        if (typeof id !== 'string' || id === '') throw new RecordFailure('invalid_record', `The mapping gave no id; a Stripe ${definition.activity} needs the id of the ${object} object.`);
        if (definition.activity === 'update') {
          const { id: _id, ...fields } = data;
          return void (await connector.update(connection, { object, id, data: fields, idempotencyKey }, options));
        }
        await connector.delete(connection, { object, id }, options);
      };
      // As for a job, a rate limit never fails a record: once its retries are spent on 429s, it waits and goes again.
      for (let returns = 0; ; returns++) {
        try {
          return await once();
        } catch (e) {
          if (codeOf(e) === 'rate_limited' && !ctx.signal.aborted) {
            await sleep(throttleDelay(returns, (e as { retryAfterMs?: number }).retryAfterMs), undefined, options).catch(() => undefined);
            continue;
          }
          // Stripe takes no key on DELETE: on a later attempt of the run, "not found" is the earlier attempt's deletion.
          if (definition.activity === 'delete' && (job.attempt > 1 || returns > 0) && codeOf(e) === 'not_found') return;
          throw asRecordFailure(e);
        }
      }
    },
    commit: async () => ({}),
    discard: async () => undefined,
  };
}

/** An operation without a target: its records go to the control plane in chunks, through the outbox. */
function outputTarget(ctx: RunContext): Target {
  const chunks = new RecordChunks(ctx.job.jobId, ctx.outbox, ctx.channel, ctx.signal);
  return {
    resumable: false,
    write: (input) => chunks.push(asObject(input, 'a record of the output')),
    commit: async () => ({ chunks: await chunks.end() }),
    discard: async () => undefined,
  };
}

function connectionOf(definition: StripeActivityDefinition, ctx: RunContext): ConnectionConfig {
  const connection = ctx.job.connections?.[definition.connectionId];
  if (!connection) throw new Error(`The run carries no connection ${definition.connectionId} for '${definition.name}'.`);
  return connection as unknown as ConnectionConfig;
}

function asObject(input: unknown, what: string): Record<string, unknown> {
  if (input && typeof input === 'object' && !Array.isArray(input)) return input as Record<string, unknown>;
  throw new RecordFailure('invalid_record', `The mapping gave ${Array.isArray(input) ? 'a list' : typeof input}; ${what} takes a JSON object.`);
}

function idOf(record: Record<string, unknown>): string | undefined {
  return typeof record.id === 'string' ? record.id : undefined;
}

/** A connector loaded from a bundle has its own ConnectorError class: errors are told apart by shape. */
function codeOf(e: unknown): string | undefined {
  return e instanceof Error && e.name === 'ConnectorError' ? (e as Error & { code: string }).code : undefined;
}

function asRecordFailure(e: unknown): unknown {
  if (e instanceof RecordFailure) return e;
  const code = codeOf(e);
  if (code === undefined || code === 'cancelled' || FATAL.has(code)) return e;
  const param = (e as { stripe?: { param?: string } }).stripe?.param;
  return new RecordFailure(code, (e as Error).message, param ? { param } : {});
}
