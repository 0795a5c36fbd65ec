/*
 * What `run` takes from the agent's code. The shipped CLI has it, and all it loads, as one file
 * (dist/bin/agent.cjs, built from this module by scripts/bundle.mjs) so that V8 can start it from
 * compiled code: see agent-code.ts.
 */
export { Agent } from '../agent/daemon.js';
export { createLogger } from '../logging/logger.js';
