import { z } from 'zod';
import { ACTIVITIES } from '../connectors/stripe/index.js';
import { pathLeavesRoot, ROOT_NAME } from './roots.js';

export { pathLeavesRoot, ROOT_NAME };

/**
 * Operations as both ends see them: a saved activity's definition, the resolved operation a run
 * carries to its agent, and the run's log the agent sends back. The control plane checks a
 * definition with these schemas when it is saved; the agent checks it again when a run arrives.
 */

const name = z.string().trim().min(1).max(200);

export const StripeActivity = z
  .object({
    name,
    type: z.literal('stripe'),
    connectionId: z.string().min(1).max(200),
    activity: z.enum(ACTIVITIES),
    object: z.string().min(1).max(100),
    query: z.string().max(10_000).optional(),
    /** For a read: the Stripe object's id. Not `id`, which names the saved activity itself. */
    objectId: z.string().min(1).max(255).optional(),
    maxResults: z.number().int().positive().optional(),
  })
  .strict();

export const FilesActivity = z
  .object({
    name,
    type: z.literal('files'),
    activity: z.enum(['read', 'write']),
    root: z.string().regex(ROOT_NAME, 'a root name is letters, digits, _ . - (up to 64), as declared by the agent'),
    /** For read: which files of the root, as in `in/*.csv`; `*` and `?` match within one name. */
    pattern: z.string().min(1).max(500).optional(),
    /** For write: the file to write, a template with {runId}, {date} and {operation}. */
    path: z.string().min(1).max(500).optional(),
    format: z.enum(['csv', 'ndjson', 'json']),
    afterRead: z.enum(['keep', 'archive', 'delete']).optional(),
  })
  .strict();

export const ActivityDefinition = z.discriminatedUnion('type', [StripeActivity, FilesActivity]);
export type ActivityDefinition = z.infer<typeof ActivityDefinition>;
export type StripeActivityDefinition = z.infer<typeof StripeActivity>;
export type FilesActivityDefinition = z.infer<typeof FilesActivity>;

/** Search and Read (and a files read) give records; Create, Update, Delete (and a files write) take them. */
export function roleOf(definition: ActivityDefinition): 'source' | 'target' {
  if (definition.type === 'files') return definition.activity === 'read' ? 'source' : 'target';
  return definition.activity === 'search' || definition.activity === 'read' ? 'source' : 'target';
}

export const OperationOptions = z
  .object({
    /** Target writes in flight at once within one run (default 8). */
    concurrency: z.number().int().min(1).max(32).optional(),
    /** Where an operation of files only runs (one with a Stripe activity runs in its connection's group). */
    agentGroup: z.string().min(1).max(200).optional(),
    /** Seconds a run may take once started (default 7200, at most 86400); past it, it is cancelled and fails with code timeout. */
    timeoutS: z.number().int().min(1).max(86_400).optional(),
    /** The operation to run when a run succeeds (succeeded_with_errors counts, unless failOnRecordErrors). */
    onSuccess: z.string().min(1).max(200).optional(),
    /** The operation to run when a run fails (a timeout included; a cancel is neither). */
    onFailure: z.string().min(1).max(200).optional(),
    /** A run with failed records counts as a failure for onSuccess/onFailure. */
    failOnRecordErrors: z.boolean().optional(),
    /** errors: a scheduled run that succeeds keeps its summary but not its per-record errors (default everything). */
    log: z.enum(['everything', 'errors']).optional(),
  })
  .strict();
/** A run's time limit when its operation names none. */
export const DEFAULT_TIMEOUT_S = 7200;
export type OperationOptions = z.infer<typeof OperationOptions>;

/** The most records a sample of a source may read (POST /api/v1/activities/{id}/samples). */
export const MAX_SAMPLE = 20;

const saved = { id: z.string().min(1).max(200) };
/** What a run's job carries: the operation with its activities resolved, as they were when it started. */
export const ResolvedOperation = z.object({
  operationId: z.string().min(1),
  name,
  source: z.discriminatedUnion('type', [StripeActivity.extend(saved), FilesActivity.extend(saved)]),
  mapping: z.string().optional(),
  target: z.discriminatedUnion('type', [StripeActivity.extend(saved), FilesActivity.extend(saved)]).optional(),
  options: OperationOptions,
  /**
   * A sample, not a run: read at most this many source records and send them up as the output,
   * with no side effects (no afterRead, no checkpoint). Only with no mapping and no target.
   */
  sample: z.number().int().min(1).max(MAX_SAMPLE).optional(),
}).refine((o) => o.sample === undefined || (o.mapping === undefined && o.target === undefined), {
  path: ['sample'],
  message: 'a sample has no mapping and no target',
});
export type ResolvedOperation = z.infer<typeof ResolvedOperation>;

/** Whether an operation job's input is a sample of a source (POST /activities/{id}/samples): an operation job, but no run. */
export function isSample(input: Record<string, unknown>): boolean {
  return (input.operation as Partial<ResolvedOperation> | undefined)?.sample !== undefined;
}

/** One record that failed: its position in the source and its id, never its contents. */
export const RecordError = z.object({
  index: z.number().int().min(0),
  recordId: z.string().optional(),
  code: z.string(),
  message: z.string(),
  /** For a mapping error: the character offset in the expression. */
  position: z.number().int().optional(),
  /** For a Stripe 400: the parameter Stripe named. */
  param: z.string().optional(),
});
export type RecordError = z.infer<typeof RecordError>;

/** The errors a run lists; past this many they are counted only. */
export const MAX_LISTED_ERRORS = 1000;

/** A run's log as the agent reports it, in its result. */
export const RunLog = z.object({
  sourceRecords: z.number().int().min(0),
  targetRecords: z.number().int().min(0),
  failedRecords: z.number().int().min(0),
  /** Records the mapping filtered out (it gave null or nothing). */
  skippedRecords: z.number().int().min(0),
  errors: z.array(RecordError).max(MAX_LISTED_ERRORS),
  message: z.string(),
  /** A files write: the file written, relative to its root. */
  file: z.string().optional(),
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
