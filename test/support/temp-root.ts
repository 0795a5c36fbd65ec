import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary file of a test run goes under one directory, removed when the run ends: the
 * tests' own data dirs and stores, and those of the agents, control planes and browser they
 * start, which all ask the OS for its temporary directory through TMPDIR. A run makes hundreds of
 * them, and a CI machine runs the tests again and again.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'stripe-agent-tests-'));
  // Passable by other users, as /tmp is: a test runs the installed agent as its own user, from a
  // directory it made for that. Each directory under it keeps its own mode.
  chmodSync(root, 0o755);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    try {
      rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    } catch (e) {
      // Left behind is untidy, not wrong: the run's results stand.
      console.warn(`could not remove the tests' temporary directory ${root}: ${(e as Error).message}`);
    }
  };
}
