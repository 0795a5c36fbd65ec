import { afterEach, beforeEach, expect } from 'vitest';
import { Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { api, startAgent, startControlPlane, stopAll, waitFor, type AgentProcess, type Api, type ControlPlaneProcess } from './cluster.js';
import { testKey } from './sandbox.js';

/** What each test of operations stands on: a sandbox and a key of its own, and the processes it started, stopped after it. */
export interface World {
  sandbox: Sandbox;
  key: string;
  running: Array<AgentProcess | ControlPlaneProcess>;
}

export function sandboxPerTest(onRequest?: SandboxOptions['onRequest']): World {
  const world: World = { sandbox: undefined as unknown as Sandbox, key: '', running: [] };
  beforeEach(async () => {
    world.sandbox = await Sandbox.start({ port: 0, ...(onRequest ? { onRequest } : {}) });
    world.key = testKey();
  });
  afterEach(async () => {
    await stopAll(...world.running.splice(0));
    await world.sandbox.close();
  });
  return world;
}

/** A control plane that may reach the test's sandbox, with a connection to it. */
export async function clusterOn(world: World, options: Parameters<typeof startControlPlane>[0] = {}) {
  const cp = await startControlPlane({ ...options, apiBases: [world.sandbox.url] });
  world.running.push(cp);
  const client = api(cp.url);
  const connectionId = (await client('POST', '/api/v1/connections', { name: 'Sandbox', apiKey: world.key, apiBase: world.sandbox.url })).body.id as string;
  return { cp, client, connectionId };
}

/** An agent of the control plane at `url` declaring `roots` (name → directory), stopped with the test. */
export async function agentOn(world: World, url: string, roots: Record<string, string>, opts: { name?: string; dataDir?: string; args?: string[] } = {}): Promise<AgentProcess> {
  const args = [...Object.entries(roots).flatMap(([name, dir]) => ['--files-root', `${name}=${dir}`]), ...(opts.args ?? [])];
  const agent = await startAgent(url, { ...opts, args });
  world.running.push(agent);
  return agent;
}

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
