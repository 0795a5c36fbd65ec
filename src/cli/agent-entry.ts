import type { CodeCacheUse } from './agent-code.js';
import { program } from './program.js';
import { runCommand } from './run.js';

/*
 * `stripe-agent run`, the agent's command line. The shipped CLI has it, and all the agent's code,
 * as one file (dist/bin/agent.cjs, built from this module by scripts/bundle.mjs) so that V8 can
 * start it from compiled code: see agent-code.ts.
 */

/** Parses `argv` (the process's own by default) as `stripe-agent run …` and runs it; `cache` says how its code was compiled. */
export function runProgram(cache?: CodeCacheUse, argv: readonly string[] = process.argv): Promise<unknown> {
  return program([runCommand(cache)]).parseAsync(argv);
}
