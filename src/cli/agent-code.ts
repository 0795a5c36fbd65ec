import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

export type AgentCode = typeof import('./agent-entry.js');

/** `true` in the CLI scripts/bundle.mjs builds; undeclared, so of type 'undefined', in the CLI as tsc compiled it. */
declare const STRIPE_AGENT_BUNDLED: true | undefined;

/** The agent's code as one CommonJS file (scripts/bundle.mjs). */
export const AGENT_BUNDLE = fileURLToPath(new URL('../bin/agent.cjs', import.meta.url));
const BIN = dirname(AGENT_BUNDLE);

/** One file of V8's code for the bundle, as agent.cjs.caches.json lists it (scripts/bundle.mjs). */
interface CodeCache {
  /** The node flags it was made with: V8 takes it only with the same V8 flags. */
  flags: string[];
  file: string;
  /** sha256 of the bundle it was made from, and its own: V8 compares only the source's length. */
  source: string;
  code: string;
}

/** How the agent's code was compiled, for the log: from which of the build's files, or why from none. */
export type CodeCacheUse = { used: string } | { unused: string };

/**
 * The agent's code, with its command line: what `run` runs. Node 20 keeps no compiled code for ES
 * modules, so an agent spent about a fifth of its start compiling (bench/start.mjs). The bundled
 * CLI runs it from one CommonJS file instead, with the code a build-time start compiled
 * (scripts/agent-code-cache.mjs), made for the flags this process runs with. Where none fits, V8
 * compiles as before.
 */
export async function loadAgentCode(): Promise<{ code: AgentCode; cache?: CodeCacheUse }> {
  if (typeof STRIPE_AGENT_BUNDLED === 'undefined') return { code: await import('./agent-entry.js') };
  const source = readFileSync(AGENT_BUNDLE);
  const cache = fittingCache(source);
  const { exports, script } = compileAgentBundle(AGENT_BUNDLE, source, 'code' in cache ? cache.code : undefined);
  if ('unused' in cache) return { code: exports, cache };
  return { code: exports, cache: script.cachedDataRejected ? { unused: `V8 refused ${cache.file}` } : { used: cache.file } };
}

/** The code made with the most of this process's own flags (on its command line and in NODE_OPTIONS) and none other. */
function fittingCache(source: Buffer): { code: Buffer; file: string } | { unused: string } {
  let caches: CodeCache[];
  try {
    caches = JSON.parse(readFileSync(join(BIN, 'agent.cjs.caches.json'), 'utf8')) as CodeCache[];
  } catch (e) {
    return { unused: `agent.cjs.caches.json cannot be read: ${(e as Error).message}` };
  }
  const own = new Set([...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)]);
  const cache = caches.filter((c) => c.flags.every((flag) => own.has(flag))).sort((a, b) => b.flags.length - a.flags.length)[0];
  if (!cache) return { unused: 'none was made for these flags' };
  if (sha256(source) !== cache.source) return { unused: `${cache.file} was made from another agent.cjs` };
  let code: Buffer;
  try {
    code = readFileSync(join(BIN, cache.file));
  } catch (e) {
    return { unused: `${cache.file} cannot be read: ${(e as Error).message}` };
  }
  return sha256(code) === cache.code ? { code, file: cache.file } : { unused: `${cache.file} is not as it was made` };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Runs the bundle as Node runs a CommonJS file, and gives its compiled code (createCachedData).
 * Node 20's V8 cannot import() from code it took from a cache, so the bundle's import()s (the
 * Stripe SDK's chunk, an installed connector version, the PAC and Negotiate proxy agents) come
 * here, as `__agentImport`: scripts/bundle.mjs renames them.
 */
export function compileAgentBundle(file: string, source: Buffer, cachedData: Buffer | undefined): { exports: AgentCode; script: vm.Script } {
  const wrapped = `(function (exports, require, module, __filename, __dirname, __agentUrl, __agentImport) {${source.toString('utf8')}\n})`;
  const script = new vm.Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as AgentCode };
  const url = pathToFileURL(file);
  // A relative specifier is the bundle's; any other resolves from here, in the same package.
  const agentImport = (specifier: string) => import(specifier.startsWith('.') ? new URL(specifier, url).href : specifier);
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file), url.href, agentImport);
  return { exports: module.exports, script };
}
