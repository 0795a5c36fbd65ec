import { expect } from 'vitest';
import { waitFor, type Api } from './cluster.js';

/** Saves a source and a target activity and the operation that chains them; returns its id. */
export async function saveOperation(client: Api, source: Record<string, unknown>, target: Record<string, unknown> | undefined, mapping?: string): Promise<string> {
  const sourceId = (await client('POST', '/api/v1/activities', source)).body.id;
  const targetId = target && (await client('POST', '/api/v1/activities', target)).body.id;
  const op = await client('POST', '/api/v1/operations', { name: `Operation ${Math.random()}`, source: sourceId, target: targetId, mapping });
  expect(op.status, JSON.stringify(op.body)).toBe(201);
  return op.body.id as string;
}

/** Waits until a run has ended, and returns it. */
export async function runEnded(client: Api, runId: string, timeoutMs = 60_000): Promise<any> {
  return waitFor(async () => {
    const run = (await client('GET', `/api/v1/runs/${runId}`)).body;
    return ['succeeded', 'succeeded_with_errors', 'failed', 'cancelled'].includes(run.status) ? run : undefined;
  }, `run ${runId} to end`, timeoutMs);
}
