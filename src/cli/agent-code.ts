import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

export type AgentCode = typeof import('./agent-entry.js');

/** `true` in the CLI scripts/bundle.mjs builds; undeclared, so of type 'undefined', in the CLI as tsc compiled it. */
declare const STRIPE_AGENT_BUNDLED: true | undefined;

/** The agent's code as one CommonJS file (scripts/bundle.mjs). */
export const AGENT_BUNDLE = fileURLToPath(new URL('../bin/agent.cjs', import.meta.url));

/**
 * V8's compiled code for the bundle, as a start compiled it (scripts/agent-code-cache.mjs), for the
 * flags this process was given, on its command line and in NODE_OPTIONS: V8 takes code only from
 * its own version with the same V8 flags. (v8.cachedDataVersionTag() would also name the CPU's
 * features, which code does not depend on, and a package is built on another machine than it runs on.)
 */
export function agentCodeCache(): string {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].filter(Boolean);
  const name = flags.map((flag) => flag.replace(/^-+/, '')).join(',').replace(/[^\w=.,-]/g, '_');
  return `${AGENT_BUNDLE}${name ? `.${name}` : ''}.cache`;
}

/**
 * The agent's code, for `run`. Node 20 caches no compiled code for ES modules, so an agent spent
 * about a fifth of its start compiling (bench/start.mjs). The bundled CLI runs it from one
 * CommonJS file instead, with the code a build-time start compiled. Where none was made for these
 * flags, or V8 finds it does not fit (another Node.js, other flags), it compiles as before.
 */
export async function loadAgentCode(): Promise<AgentCode> {
  if (typeof STRIPE_AGENT_BUNDLED === 'undefined') return import('./agent-entry.js');
  return compileAgentBundle(AGENT_BUNDLE, readCache()).exports;
}

function readCache(): Buffer | undefined {
  try {
    return readFileSync(agentCodeCache());
  } catch {
    return undefined;
  }
}

/**
 * Runs the bundle as Node runs a CommonJS file; `script` gives its compiled code (createCachedData).
 * Code V8 took from a cache cannot import() (Node 20's V8 loses the script's loader), so the bundle's
 * import()s (the Stripe SDK's chunk, an installed connector version, a PAC proxy's agent) come here,
 * as `__agentImport`: scripts/bundle.mjs renames them.
 */
export function compileAgentBundle(file: string, cachedData: Buffer | undefined): { exports: AgentCode; script: vm.Script } {
  const source = `(function (exports, require, module, __filename, __dirname, __agentImport) {${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as AgentCode };
  const base = pathToFileURL(file);
  // A relative specifier is the bundle's; any other resolves from here, in the same package.
  const agentImport = (specifier: string) => import(specifier.startsWith('.') ? new URL(specifier, base).href : specifier);
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file), agentImport);
  return { exports: module.exports, script };
}
