import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { execute } from '../src/agent/executor.js';
import { Checkpoints } from '../src/agent/operations/checkpoints.js';
import { FilesRoots, parseFilesRoots } from '../src/agent/operations/roots.js';
import { Outbox } from '../src/agent/outbox.js';
import { createConnector } from '../src/connectors/stripe/index.js';
import type { JobMessage } from '../src/protocol/messages.js';
import { tempDir } from './support/cluster.js';

const outboxes: Outbox[] = [];
afterEach(() => {
  for (const o of outboxes.splice(0)) o.close();
});

/** Runs a hand-made job on the agent's executor, as the control plane would never send it. */
async function runHandMade(roots: Record<string, string>, source: Record<string, unknown>, target: Record<string, unknown>, signal = new AbortController().signal) {
  const outbox = new Outbox(tempDir('agent'));
  outboxes.push(outbox);
  const job: JobMessage = {
    type: 'job', jobId: `run_${Math.random().toString(16).slice(2)}`, leaseId: 'l1', leaseExpiresAt: Date.now() + 60_000, attempt: 1, activity: 'operation', connection: {},
    input: { operation: { operationId: 'op_1', name: 'Hand made', source: { id: 'act_s', name: 'S', ...source }, target: { id: 'act_t', name: 'T', ...target }, options: {} } },
  };
  const channel = { sendRecords: () => undefined, bufferedAmount: () => 0 };
  return execute(job, createConnector(), outbox, channel, signal, { roots: new FilesRoots(roots), checkpoints: new Checkpoints(outbox.database) });
}

function fixture() {
  const base = tempDir('files');
  const inbox = join(base, 'in-root');
  const outRoot = join(base, 'out-root');
  const outside = join(base, 'outside');
  for (const d of [join(inbox, 'in'), outRoot, outside]) mkdirSync(d, { recursive: true });
  writeFileSync(join(inbox, 'in', 'a.ndjson'), '{"id":"r1","email":"a@example.com"}\n\n{"id":"r2","email":"b@example.com","tags":["x"]}\n');
  writeFileSync(join(outside, 'secret.csv'), 'email\nsecret@example.com\n');
  return { inbox, outRoot, outside, roots: { inbox, out: outRoot } };
}

const read = { type: 'files', activity: 'read', root: 'inbox', pattern: 'in/*.ndjson', format: 'ndjson' };

describe('files on the agent', () => {
  it('refuses a path that leaves its root, even in a job the control plane would never send', async () => {
    const f = fixture();
    for (const path of ['../outside/x.ndjson', '/tmp/x.ndjson', 'a/../../outside/x.ndjson']) {
      const result = await runHandMade(f.roots, read, { type: 'files', activity: 'write', root: 'out', path, format: 'ndjson' });
      expect(result).toMatchObject({ status: 'failed', error: { code: 'path_escape' } });
    }
    symlinkSync(f.outside, join(f.outRoot, 'link'));
    const viaLink = await runHandMade(f.roots, read, { type: 'files', activity: 'write', root: 'out', path: 'link/x.ndjson', format: 'ndjson' });
    expect(viaLink).toMatchObject({ status: 'failed', error: { code: 'path_escape' } });
    expect(readdirSync(f.outside)).toEqual(['secret.csv']);

    symlinkSync(join(f.outside, 'secret.csv'), join(f.inbox, 'in', 'evil.csv'));
    const readOut = await runHandMade(f.roots, { ...read, pattern: 'in/*.csv', format: 'csv' }, { type: 'files', activity: 'write', root: 'out', path: 'x.csv', format: 'csv' });
    expect(readOut).toMatchObject({ status: 'failed', error: { code: 'path_escape' } });
    expect(readdirSync(f.outRoot)).toEqual(['link']);

    const unknownRoot = await runHandMade(f.roots, { ...read, root: 'elsewhere' }, { type: 'files', activity: 'write', root: 'out', path: 'x.csv', format: 'csv' });
    expect(unknownRoot).toMatchObject({ status: 'failed', error: { code: 'files_root_unknown' } });
  });

  it('writes CSV and JSON atomically, and lists a bad line as a record error', async () => {
    const f = fixture();
    writeFileSync(join(f.inbox, 'in', 'b.ndjson'), 'not json\n');
    const csv = await runHandMade(f.roots, read, { type: 'files', activity: 'write', root: 'out', path: 'csv/{operation}.csv', format: 'csv' });
    expect(csv).toMatchObject({ status: 'succeeded', result: { sourceRecords: 3, targetRecords: 2, failedRecords: 1, file: 'csv/Hand-made.csv' } });
    expect((csv.result as any).errors).toEqual([{ index: 2, recordId: 'in/b.ndjson:1', code: 'invalid_record', message: expect.stringMatching(/not valid JSON/) }]);
    expect(readFileSync(join(f.outRoot, 'csv', 'Hand-made.csv'), 'utf8')).toBe('id,email\nr1,a@example.com\nr2,b@example.com\n');
    expect(readdirSync(join(f.outRoot, 'csv'))).toEqual(['Hand-made.csv']);

    const json = await runHandMade(f.roots, read, { type: 'files', activity: 'write', root: 'out', path: 'all.json', format: 'json' });
    expect(json.status).toBe('succeeded');
    expect(JSON.parse(readFileSync(join(f.outRoot, 'all.json'), 'utf8'))).toEqual([{ id: 'r1', email: 'a@example.com' }, { id: 'r2', email: 'b@example.com', tags: ['x'] }]);
  });

  it('leaves no file under the final name when a run stops before its end', async () => {
    const f = fixture();
    const controller = new AbortController();
    controller.abort();
    const result = await runHandMade(f.roots, read, { type: 'files', activity: 'write', root: 'out', path: 'stopped.ndjson', format: 'ndjson' }, controller.signal);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'cancelled' } });
    expect(readdirSync(f.outRoot)).toEqual([]);
  });

  it('takes roots as NAME=DIR flags over the config file, and refuses a relative directory', () => {
    expect(parseFilesRoots(['in=/srv/in'], { in: '/x', out: '/srv/out' }, 'agent.json', 'out=/env/out,arch=/env/arch')).toEqual({ in: '/srv/in', out: '/srv/out', arch: '/env/arch' });
    expect(() => parseFilesRoots(['in=relative/dir'], undefined, 'agent.json')).toThrow(/absolute/);
    expect(() => parseFilesRoots(['nodir'], undefined, 'agent.json')).toThrow(/NAME=DIR/);
  });
});
