import { setMaxListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { compileMapping, MappingError, type Mapping } from '../../mapping/jsonata.js';
import { ResolvedOperation, type RecordError, type RunLog } from '../../protocol/operations.js';
import type { StoredResult } from '../outbox.js';
import type { Checkpoints, Counts } from './checkpoints.js';
import { openSource, openTarget, RecordFailure, type RunContext, type Source, type Target } from './endpoints.js';

/** A checkpoint is written at most this often: on a resume, the records since are written again, idempotently. */
const CHECKPOINT_MS = 250;
/** How often the control plane hears a running run's counts. */
const PROGRESS_MS = 1000;
const DEFAULT_CONCURRENCY = 8;

/*
 * A run maps every record with JSONata, whose evaluation allocates a frame and sequences per
 * record. V8 sees those objects alive at its first young collections and starts allocating them
 * straight in the old generation ("allocation-site pretenuring"); from there each points at its
 * young record and result, which then survive every young collection and are promoted too, until
 * a full collection. A 100k export promoted ~120 MiB that way and V8 grew both generations to
 * their defaults' limits. Without pretenuring the records die young. This module loads with the
 * agent's first run, before any mapping is compiled.
 */
setFlagsFromString('--no-allocation-site-pretenuring');

/**
 * Runs one operation inside the agent: source records stream through the mapping into the
 * target, a few writes in flight at a time, so memory holds a window of records, never the run.
 * A record that fails is counted and listed by position and id; a failure of the run as a whole
 * (its source, its root, Stripe refusing the key) ends it. Only the log leaves the agent.
 */
export async function runOperation(ctx: RunContext, checkpoints: Checkpoints): Promise<StoredResult> {
  const { job, signal } = ctx;
  const base = { jobId: job.jobId, connectorVersion: ctx.connector.manifest.version };
  const parsed = ResolvedOperation.safeParse(job.input.operation);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ...base, status: 'failed', error: { code: 'invalid_input', message: `The run's operation is malformed at '${issue.path.join('.')}': ${issue.message}.`, retryable: false } };
  }
  const operation = parsed.data;
  const resumable = operation.target?.type === 'stripe';
  const start = checkpoints.begin(job.jobId, resumable);
  const counts: Counts = { ...start.counts };
  let listed = start.listed;
  const fail = (index: number, recordId: string | undefined, error: Omit<RecordError, 'index' | 'recordId'>) => {
    counts.failedRecords++;
    if (checkpoints.addError(job.jobId, { index, ...(recordId === undefined ? {} : { recordId }), ...error }, listed)) listed++;
  };
  const log = (message: string, file?: string): RunLog => ({ ...counts, errors: checkpoints.errors(job.jobId), message, ...(file ? { file } : {}) });

  let target: Target | undefined;
  let source: Source | undefined;
  let index = 0;
  // A sliding window: a write starts as soon as any other finishes, as a pool of workers would;
  // waiting for a whole batch left the window idle behind its slowest request.
  let running = 0;
  let wake: (() => void) | undefined;
  const room = async (most: number) => {
    while (running > most) await new Promise<void>((resolve) => (wake = resolve));
  };
  try {
    const mapping = operation.mapping ? compileMapping(operation.mapping) : undefined;
    source = await openSource(operation.source, ctx);
    target = await openTarget(operation, ctx);
    const concurrency = resumable ? (operation.options.concurrency ?? DEFAULT_CONCURRENCY) : 1;
    // Each write in flight listens on the run's signal (pacing, back-off): that many listeners are expected.
    setMaxListeners(concurrency * 2 + 10, signal);
    let fatal: unknown;
    let savedAt = Date.now();
    let reportedAt = Date.now();
    /** Waits for every write in flight, and surfaces the first that failed the run. */
    const drained = async () => {
      await room(0);
      if (fatal !== undefined) throw fatal;
    };
    /**
     * A checkpoint says every record before it is done, with counts to match: the window is
     * drained first. At most every CHECKPOINT_MS, so its cost is one request's wait as often.
     */
    const checkpoint = async () => {
      await drained();
      checkpoints.save(job.jobId, index, counts);
      savedAt = Date.now();
    };
    for await (const item of source.items()) {
      if (index < start.position) {
        index++;
        continue;
      }
      if (signal.aborted) break;
      if (operation.sample !== undefined && counts.sourceRecords >= operation.sample) break;
      const at = index++;
      counts.sourceRecords++;
      const input = await mapped(mapping, item, at, fail);
      if (input === SKIP) continue;
      if (input === undefined) {
        counts.skippedRecords++;
        continue;
      }
      running++;
      void target
        .write(input, at)
        .then(
          () => void counts.targetRecords++,
          (e: unknown) => {
            if (e instanceof RecordFailure) fail(at, item.recordId, { code: e.code, message: e.message, ...e.details });
            else if (!signal.aborted) fatal ??= e;
          },
        )
        .finally(() => {
          running--;
          const waiting = wake;
          wake = undefined;
          waiting?.();
        });
      await room(concurrency - 1);
      // The catch below waits for the writes still in flight.
      if (fatal !== undefined) throw fatal;
      if (resumable && Date.now() - savedAt >= CHECKPOINT_MS) await checkpoint();
      if (Date.now() - reportedAt >= PROGRESS_MS) {
        ctx.channel.sendProgress?.({ ...counts });
        reportedAt = Date.now();
      }
    }
    await drained();
    if (signal.aborted) {
      await target.discard();
      const message = `Stopped at record ${index}: ${summary(counts)}`;
      return { ...base, status: 'failed', result: log(message), error: { code: 'cancelled', message: `The run was cancelled. ${message}`, retryable: false } };
    }
    const { file, chunks } = await target.commit();
    // A sample only looks: the files it read stay where they are for the runs to come.
    if (operation.sample === undefined) await source.finished();
    const result = log(`${summary(counts)}${file ? ` Written to ${file}.` : ''}`, file);
    checkpoints.clear(job.jobId);
    return { ...base, status: 'succeeded', result, ...(chunks !== undefined ? { chunks } : {}) };
  } catch (e) {
    // Writes still in flight finish first: none lists an error or counts after the run's end.
    await room(0);
    await target?.discard().catch(() => undefined);
    const error = errorOf(e);
    const result = log(`Stopped at record ${index}: ${summary(counts)}`);
    // A shutdown's abort keeps the checkpoint: the run comes back and goes on from it.
    if (!signal.aborted) checkpoints.clear(job.jobId);
    return { ...base, status: 'failed', result, error };
  }
}

const SKIP = Symbol('failed');

/** The target's input for one item, `undefined` to skip it, or SKIP when it failed (already counted). */
async function mapped(
  mapping: Mapping | undefined,
  item: { record: Record<string, unknown> | undefined; recordId?: string; problem?: string },
  at: number,
  fail: (index: number, recordId: string | undefined, error: Omit<RecordError, 'index' | 'recordId'>) => void,
): Promise<unknown> {
  if (!item.record) {
    fail(at, item.recordId, { code: 'invalid_record', message: `The record cannot be read: ${item.problem ?? 'it is empty'}.` });
    return SKIP;
  }
  if (!mapping) return item.record;
  try {
    return await mapping.apply(item.record);
  } catch (e) {
    if (!(e instanceof MappingError)) throw e;
    fail(at, item.recordId, { code: 'mapping_error', message: e.message, ...(e.position === undefined ? {} : { position: e.position }) });
    return SKIP;
  }
}

/** How a run ended, in the words the control plane's run history uses. */
function summary(c: Counts): string {
  return `${c.sourceRecords} read, ${c.targetRecords} written, ${c.failedRecords} failed, ${c.skippedRecords} skipped by the mapping.`;
}

function errorOf(e: unknown): NonNullable<StoredResult['error']> {
  const err = e as { name?: string; code?: unknown; message?: string; retryable?: unknown; position?: number };
  if (e instanceof MappingError) return { code: 'invalid_mapping', message: e.message, retryable: false };
  const code = typeof err.code === 'string' && (err.name === 'ConnectorError' || err.name === 'FilesError') ? err.code : 'operation_failed';
  return { code, message: err.message ?? String(e), retryable: err.retryable === true };
}
