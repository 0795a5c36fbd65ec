import { ACTIVITIES } from '../connectors/stripe/index.js';
import { pathLeavesRoot, ROOT_NAME } from './roots.js';
import * as z from 'zod/mini';
import { count, text } from './zod.js';

export { pathLeavesRoot, ROOT_NAME };

/**
 * Operations as both ends see them: a saved activity's definition, the resolved operation a run
 * carries to its agent, and the run's log the agent sends back. The control plane checks a
 * definition with these schemas when it is saved; the agent checks it again when a run arrives.
 */

const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

export const StripeActivity = z.strictObject({
  name,
  type: z.literal('stripe'),
  connectionId: text(1, 200),
  activity: z.enum(ACTIVITIES),
  object: text(1, 100),
  query: z.optional(z.string().check(z.maxLength(10_000))),
  /** For a read: the Stripe object's id. Not `id`, which names the saved activity itself. */
  objectId: z.optional(text(1, 255)),
  maxResults: z.optional(z.int().check(z.positive())),
});

export const FilesActivity = z.strictObject({
  name,
  type: z.literal('files'),
  activity: z.enum(['read', 'write']),
  root: z.string().check(z.regex(ROOT_NAME, 'a root name is letters, digits, _ . - (up to 64), as declared by the agent')),
  /** For read: which files of the root, as in `in/*.csv`; `*` and `?` match within one name. */
  pattern: z.optional(text(1, 500)),
  /** For write: the file to write, a template with {runId}, {date} and {operation}. */
  path: z.optional(text(1, 500)),
  format: z.enum(['csv', 'ndjson', 'json']),
  afterRead: z.optional(z.enum(['keep', 'archive', 'delete'])),
});

export const ActivityDefinition = z.discriminatedUnion('type', [StripeActivity, FilesActivity]);
export type ActivityDefinition = z.infer<typeof ActivityDefinition>;
export type StripeActivityDefinition = z.infer<typeof StripeActivity>;
export type FilesActivityDefinition = z.infer<typeof FilesActivity>;

/** Search and Read (and a files read) give records; Create, Update, Delete (and a files write) take them. */
export function roleOf(definition: ActivityDefinition): 'source' | 'target' {
  if (definition.type === 'files') return definition.activity === 'read' ? 'source' : 'target';
  return definition.activity === 'search' || definition.activity === 'read' ? 'source' : 'target';
}

export const OperationOptions = z.strictObject({
  /** Target writes in flight at once within one run (default 8). */
  concurrency: z.optional(count(1, 32)),
  /** Where an operation of files only runs (one with a Stripe activity runs in its connection's group). */
  agentGroup: z.optional(text(1, 200)),
  /** Seconds a run may take once started (default 7200, at most 86400); past it, it is cancelled and fails with code timeout. */
  timeoutS: z.optional(count(1, 86_400)),
  /** The operation to run when a run succeeds (succeeded_with_errors counts, unless failOnRecordErrors). */
  onSuccess: z.optional(text(1, 200)),
  /** The operation to run when a run fails (a timeout included; a cancel is neither). */
  onFailure: z.optional(text(1, 200)),
  /** A run with failed records counts as a failure for onSuccess/onFailure. */
  failOnRecordErrors: z.optional(z.boolean()),
  /** errors: a scheduled run that succeeds keeps its summary but not its per-record errors (default everything). */
  log: z.optional(z.enum(['everything', 'errors'])),
});
/** A run's time limit when its operation names none. */
export const DEFAULT_TIMEOUT_S = 7200;
export type OperationOptions = z.infer<typeof OperationOptions>;

/** The most records a sample of a source may read (POST /api/v1/activities/{id}/samples). */
export const MAX_SAMPLE = 20;

const saved = { id: text(1, 200) };
/** What a run's job carries: the operation with its activities resolved, as they were when it started. */
export const ResolvedOperation = z.object({
  operationId: z.string().check(z.minLength(1)),
  name,
  source: z.discriminatedUnion('type', [z.extend(StripeActivity, saved), z.extend(FilesActivity, saved)]),
  mapping: z.optional(z.string()),
  target: z.optional(z.discriminatedUnion('type', [z.extend(StripeActivity, saved), z.extend(FilesActivity, saved)])),
  options: OperationOptions,
  /**
   * A sample, not a run: read at most this many source records and send them up as the output,
   * with no side effects (no afterRead, no checkpoint). Only with no mapping and no target.
   */
  sample: z.optional(count(1, MAX_SAMPLE)),
}).check(z.refine((o) => o.sample === undefined || (o.mapping === undefined && o.target === undefined), {
  path: ['sample'],
  message: 'a sample has no mapping and no target',
}));
export type ResolvedOperation = z.infer<typeof ResolvedOperation>;

/** Whether an operation job's input is a sample of a source (POST /activities/{id}/samples): an operation job, but no run. */
export function isSample(input: Record<string, unknown>): boolean {
  return (input.operation as Partial<ResolvedOperation> | undefined)?.sample !== undefined;
}

/** One record that failed: its position in the source and its id, never its contents. */
export const RecordError = z.object({
  index: count(0),
  recordId: z.optional(z.string()),
  code: z.string(),
  message: z.string(),
  /** For a mapping error: the character offset in the expression. */
  position: z.optional(z.int()),
  /** For a Stripe 400: the parameter Stripe named. */
  param: z.optional(z.string()),
});
export type RecordError = z.infer<typeof RecordError>;

/** The errors a run lists; past this many they are counted only. */
export const MAX_LISTED_ERRORS = 1000;

/** A run's log as the agent reports it, in its result. */
export const RunLog = z.object({
  sourceRecords: count(0),
  targetRecords: count(0),
  failedRecords: count(0),
  /** Records the mapping filtered out (it gave null or nothing). */
  skippedRecords: count(0),
  errors: z.array(RecordError).check(z.maxLength(MAX_LISTED_ERRORS)),
  message: z.string(),
  /** A files write: the file written, relative to its root. */
  file: z.optional(z.string()),
});
export type RunLog = z.infer<typeof RunLog>;

const PLACEHOLDERS = new Set(['runId', 'date', 'operation']);

/** The placeholders of a write path that are not {runId}, {date} or {operation}. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).filter((p) => !PLACEHOLDERS.has(p));
}

/** A write path for one run; substituted values cannot add directories or climb out. */
export function expandPath(template: string, values: { runId: string; operation: string; now: Date }): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^\.+/, '');
  const date = values.now.toISOString().slice(0, 10);
  return template.replace(/\{(runId|date|operation)\}/g, (_, key: string) =>
    key === 'date' ? date : safe(key === 'runId' ? values.runId : values.operation),
  );
}
