// Bundles the compiled CLI (dist/cli/main.js) into dist/bin/: an entry and the chunks its lazy
// imports load. Node 20 spends most of a start resolving, reading and linking some 300 small module
// files one by one; a few large ones start the agent in about half the time and memory.
// The agent's code for `run` is also bundled on its own, as one CommonJS file that V8 can start from
// the code a start compiled (src/cli/agent-code.ts); scripts/agent-code-cache.mjs makes that code.
// `node scripts/bundle.mjs [DIST]`; `npm run build` runs it after tsc.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = resolve(process.argv[2] ?? 'dist');
const bin = join(dist, 'bin');

/**
 * Each module keeps its own `import.meta.url`, the compiled file it came from, so the files it finds
 * beside itself (the migrations, the Stripe description, the console) are found from the bundle as
 * well. Every output file lies in dist/bin/, so the way there is known when the module is read;
 * `base` is the output file's own URL.
 */
const ownUrl = (base) => ({
  name: 'own-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.js$/ }, async (args) => {
      // node_modules is esbuild's to read: reading it here too would read every file twice.
      if (!args.path.startsWith(dist)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const way = relative(bin, args.path).split('\\').join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(way)}, ${base}).href`), loader: 'js' };
    });
  },
});

// Loaded from node_modules at run time: a native addon, ws's optional native helpers, and the
// PAC proxy agent, which reads its JavaScript engine's WebAssembly from beside itself.
const external = ['better-sqlite3', 'bufferutil', 'utf-8-validate', 'pac-proxy-agent'];

await rm(bin, { recursive: true, force: true });
await build({
  // The Stripe SDK is an entry of its own, so that the agent's CommonJS file imports the same chunk.
  entryPoints: { 'stripe-agent': join(dist, 'cli', 'main.js'), 'stripe-sdk': 'stripe' },
  outdir: bin,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  define: { STRIPE_AGENT_BUNDLED: 'true' },
  // The CommonJS packages inside call require() for Node's own modules.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  plugins: [ownUrl('import.meta.url')],
  logLevel: 'warning',
});

/** In the agent's file, the SDK is the chunk above; the rest of what it loads late comes from node_modules, as small as it is. */
const sdkChunk = {
  name: 'stripe-sdk-chunk',
  setup(builder) {
    builder.onResolve({ filter: /^stripe$/ }, () => ({ path: './stripe-sdk.js', external: true }));
  },
};
const agentFile = join(bin, 'agent.cjs');
await build({
  entryPoints: [join(dist, 'cli', 'agent-entry.js')],
  outfile: agentFile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: [...external, 'jsonata', 'prom-client', 'csv-parse', 'csv-stringify'],
  // The loader passes the file's URL in: a banner would come before esbuild's "use strict", which
  // then would not apply.
  plugins: [ownUrl('__agentUrl'), sdkChunk],
  logLevel: 'warning',
});

// Node 20's V8 cannot import() from code it took from a cache, even with the main context's
// loader, so the agent's file asks its loader (src/cli/agent-code.ts), which passes in
// `__agentImport`. Only \`await import(\` is renamed: the build stops at any other import( text.
const agentCode = (await readFile(agentFile, 'utf8')).replaceAll('await import(', 'await __agentImport(');
const stray = /.{0,60}\bimport\(.{0,60}/.exec(agentCode);
if (stray) throw new Error(`dist/bin/agent.cjs has import( text other than \`await import(\`, which the loader cannot serve: ${stray[0]}`);
await writeFile(agentFile, agentCode);

// V8's code for the agent's file, once for each set of V8 flags the agent is shipped to run with:
// none, and systemd/stripe-agent.service's and the Dockerfile's NODE_OPTIONS (test/lean-start).
// agent.cjs.caches.json says which file is for which flags, with the sha256 of the source it was
// made from and its own: V8 itself compares only the source's length.
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const source = sha256(agentCode);
// The agent must reach the control plane on 127.0.0.1 directly, whatever proxy the builder uses,
// and run with its defaults, whatever agent settings the builder's environment holds.
const trainingEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^((https?|no)_proxy|STRIPE_AGENT_.*)$/i.test(name)));
const caches = [];
for (const flags of [[], ['--max-semi-space-size=2']]) {
  const file = `agent.cjs${flags.map((flag) => `.${flag.replace(/^-+/, '')}`).join('')}.cache`;
  const made = spawnSync(process.execPath, [...flags, fileURLToPath(new URL('agent-code-cache.mjs', import.meta.url)), dist, join(bin, file)], {
    // Its agent's log and its "SIGTERM: stopping" are no news; they are shown when it fails.
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
    env: { ...trainingEnv, NODE_OPTIONS: '' },
    timeout: 120_000,
  });
  // A timeout is a failure even when the SIGTERM that ends it lets the agent drain and exit 0.
  if (made.error || made.status !== 0) {
    const said = `${made.stdout}${made.stderr}`.split('\n').slice(-40).join('\n');
    throw new Error(`scripts/agent-code-cache.mjs ${flags.join(' ')} failed (${made.error?.message ?? made.status ?? made.signal}):\n${said}`);
  }
  caches.push({ flags, file, source, code: sha256(await readFile(join(bin, file))) });
}
await writeFile(join(bin, 'agent.cjs.caches.json'), `${JSON.stringify(caches, null, 2)}\n`);
console.log(`bundled the CLI into ${relative(process.cwd(), bin) || '.'}/`);
