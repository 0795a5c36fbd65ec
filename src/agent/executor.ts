import { ConnectorError, type ConnectionConfig, type ConnectorErrorJson, type StripeConnector } from '../connectors/stripe/index.js';
import type { JobMessage } from '../protocol/messages.js';
import { RecordChunks, type ChunkChannel } from './chunks.js';
import type { Checkpoints } from './operations/checkpoints.js';
import type { FilesRoots } from './operations/roots.js';
import type { Outbox, StoredResult } from './outbox.js';

export interface Channel extends ChunkChannel {
  /** A running operation's counts so far, best effort. */
  sendProgress?(counts: { sourceRecords: number; targetRecords: number; failedRecords: number; skippedRecords: number }): void;
}

/** What runs of operations need besides a job's: the agent's files roots and its checkpoints. */
export interface OperationsContext {
  roots: FilesRoots;
  checkpoints: Checkpoints;
}

/**
 * Runs one job with the connector and writes each step to the outbox before it is sent. Create
 * and update carry an idempotency key derived from the job id: the same on every attempt, on
 * every agent, so a job run twice changes Stripe once.
 */
export async function execute(
  job: JobMessage,
  connector: StripeConnector,
  outbox: Outbox,
  channel: Channel,
  signal: AbortSignal,
  operations?: OperationsContext,
): Promise<StoredResult> {
  const base = { jobId: job.jobId, connectorVersion: connector.manifest.version };
  if (job.activity === 'operation') {
    if (!operations) return { ...base, status: 'failed', error: { code: 'invalid_input', message: 'This agent runs no operations.', retryable: false } };
    // JSONata and the CSV parsers load with the first run, not with every agent that may never run one.
    const { runOperation } = await import('./operations/runner.js');
    return runOperation({ job, connector, roots: operations.roots, outbox, channel, signal }, operations.checkpoints);
  }
  const connection = job.connection as unknown as ConnectionConfig;
  const run = { signal };
  try {
    let result: unknown;
    switch (job.activity) {
      case 'test':
        result = await connector.test(connection, run);
        break;
      case 'search': {
        const { count, chunks } = await streamSearch(job, connector, outbox, channel, signal);
        return { ...base, status: 'succeeded', result: { count }, chunks };
      }
      case 'read':
      case 'delete':
        result = await connector[job.activity](connection, job.input, run);
        break;
      case 'create':
      case 'update':
        result = await connector[job.activity](connection, { ...job.input, idempotencyKey: `stripe-agent-${job.jobId}` }, run);
        break;
    }
    return { ...base, status: 'succeeded', result };
  } catch (e) {
    // A connector loaded from a bundle has a ConnectorError class of its own: errors cross the boundary by shape.
    return failedResult(job, connector, fromConnector(e) ?? new ConnectorError('stripe_error', e instanceof Error ? e.message : String(e)).toJSON());
  }
}

/** A job's failure, as the outbox keeps it and the control plane is told. */
export function failedResult(job: JobMessage, connector: StripeConnector, error: ConnectorErrorJson): StoredResult {
  return { jobId: job.jobId, connectorVersion: connector.manifest.version, status: 'failed', error: error as StoredResult['error'] };
}

async function streamSearch(job: JobMessage, connector: StripeConnector, outbox: Outbox, channel: Channel, signal: AbortSignal): Promise<{ count: number; chunks: number }> {
  const chunks = new RecordChunks(job.jobId, outbox, channel, signal);
  let count = 0;
  for await (const record of connector.search(job.connection as unknown as ConnectionConfig, job.input, { signal })) {
    await chunks.push(record);
    count++;
  }
  return { count, chunks: await chunks.end() };
}

function fromConnector(e: unknown): ConnectorErrorJson | undefined {
  if (!(e instanceof Error) || e.name !== 'ConnectorError' || typeof (e as { toJSON?: unknown }).toJSON !== 'function') return undefined;
  return (e as unknown as { toJSON(): ConnectorErrorJson }).toJSON();
}
