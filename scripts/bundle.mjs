// Bundles the compiled CLI (dist/cli/main.js) into dist/bin/: an entry and the chunks its lazy
// imports load. Node 20 spends most of a start resolving, reading and linking some 300 small module
// files one by one; a few large ones start the agent in about half the time and memory.
// `node scripts/bundle.mjs [DIST]`; `npm run build` runs it after tsc.
import { readFile, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

const dist = resolve(process.argv[2] ?? 'dist');
const bin = join(dist, 'bin');

/**
 * Each module keeps its own `import.meta.url`, the compiled file it came from, so the files it finds
 * beside itself (the migrations, the Stripe description, the console) are found from the bundle as
 * well. Every chunk lies in dist/bin/, so the way there is known when the module is read.
 */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.js$/ }, async (args) => {
      // node_modules is esbuild's to read: reading it here too would read every file twice.
      if (!args.path.startsWith(dist)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const way = relative(bin, args.path).split('\\').join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(way)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

await rm(bin, { recursive: true, force: true });
await build({
  entryPoints: { 'stripe-agent': join(dist, 'cli', 'main.js') },
  outdir: bin,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Loaded from node_modules at run time: a native addon, ws's optional native helpers, and the
  // PAC proxy agent, which reads its JavaScript engine's WebAssembly from beside itself.
  external: ['better-sqlite3', 'bufferutil', 'utf-8-validate', 'pac-proxy-agent'],
  // The CommonJS packages inside call require() for Node's own modules.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  plugins: [ownUrl],
  logLevel: 'warning',
});
console.log(`bundled the CLI into ${relative(process.cwd(), bin) || '.'}/`);
