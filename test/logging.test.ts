import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging/logger.js';
import { TurnBatch } from '../src/logging/turn-batch.js';

const LOGGER = fileURLToPath(new URL('../dist/logging/logger.js', import.meta.url));

/** Runs a node program that logs `lines` lines with the real logger, then ends as `end` says; returns its stdout. */
function logThenEnd(lines: number, end: string): Promise<{ code: number | null; stdout: string }> {
  const program = `import { createLogger } from ${JSON.stringify(LOGGER)};
const log = createLogger('test');
for (let i = 0; i < ${lines}; i++) log.info({ i, pad: 'x'.repeat(200) }, 'line');
${end}`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', program], { stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.on('data', (c) => (stdout += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout })));
}

describe('logging off the job path', () => {
  it.each([
    ['process.exit', 'process.exit(3);'],
    ['a signal handled by exiting', "process.on('SIGTERM', () => process.exit(3)); process.kill(process.pid, 'SIGTERM'); setInterval(() => {}, 1000);"],
    ['an uncaught error', "process.exitCode = 3; setImmediate(() => { throw new Error('boom'); });"],
  ])('loses no line written just before %s', async (_name, end) => {
    const { stdout } = await logThenEnd(5000, end);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { i: number });
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });
});

describe('one write per turn', () => {
  /** The real logger over a destination that keeps each write it is given. */
  function logger() {
    const writes: string[] = [];
    const log = createLogger('test', 'info', new TurnBatch({ write: (text: string) => void writes.push(text) }));
    const lines = () => writes.flatMap((w) => w.trim().split('\n')).map((l) => (JSON.parse(l) as { msg: string }).msg);
    return { log, writes, lines };
  }
  const nextTurns = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

  it("writes a turn's info lines together, once the turn is over, behind the immediates queued before them", async () => {
    const { log, writes, lines } = logger();
    const order: string[] = [];
    setImmediate(() => order.push(`queued before: ${writes.length} writes`));
    log.info('job running');
    log.info('job finished');
    expect(writes).toEqual([]);
    await nextTurns();
    expect(order).toEqual(['queued before: 0 writes']);
    expect(writes).toHaveLength(1);
    expect(lines()).toEqual(['job running', 'job finished']);
  });

  it('writes a warning at once, with every line held before it', () => {
    const { log, writes, lines } = logger();
    log.info('job running');
    log.warn('job failed');
    expect(writes).toHaveLength(1);
    expect(lines()).toEqual(['job running', 'job failed']);
  });

  it('holds no more than 64 KiB within one turn', () => {
    const { log, writes } = logger();
    for (let i = 0; i < 1000; i++) log.info({ pad: 'x'.repeat(200) }, 'line');
    expect(writes.length).toBeGreaterThan(1);
    for (const text of writes) expect(text.length).toBeLessThan(64 * 1024 + 1024);
  });
});
