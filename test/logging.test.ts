import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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
