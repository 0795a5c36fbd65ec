#!/usr/bin/env node
import { loadAgentCode } from './agent-code.js';

// `run` goes straight to the agent's code, which holds its own command line (agent-entry.ts): an
// agent's start counts, as a service restarts and a group grows. Every other command loads the
// whole command table.
if (process.argv[2] === 'run') {
  const { code, cache } = await loadAgentCode();
  await code.runProgram(cache);
} else {
  const { commandLine } = await import('./commands.js');
  await commandLine().parseAsync();
}
