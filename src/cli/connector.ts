import { generateKeyPairSync, createPrivateKey } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import valid from 'semver/functions/valid.js';
import { BUNDLE_CATALOG, BundleError, makeBundle } from '../connectors/bundle.js';

/** The compiled tree this package ships; pack takes the connector and the Stripe description it reads. */
const DIST = fileURLToPath(new URL('../', import.meta.url));
const BUNDLED = ['connectors/stripe', 'stripe-api'];
const ENTRY = 'connectors/stripe/index.js';

export function connectorCommand(): Command {
  const command = new Command('connector').description('Make, sign and publish connector bundles');
  command
    .command('keygen')
    .description('Write an ed25519 key pair for signing bundles: private.pem and public.pem')
    .requiredOption('--out <dir>', 'the folder to write them to')
    .action((opts: { out: string }) => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      mkdirSync(opts.out, { recursive: true });
      writeFileSync(join(opts.out, 'private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      writeFileSync(join(opts.out, 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }), { flag: 'wx' });
      process.stdout.write(`Wrote ${join(opts.out, 'private.pem')} (keep it secret) and ${join(opts.out, 'public.pem')} (give it to control planes and agents as --trusted-key).\n`);
    });
  command
    .command('pack')
    .description('Pack the stripe connector of this source tree as a signed bundle of the given version')
    .requiredOption('--version <semver>', 'the version to give it', (v: string) => {
      if (!valid(v)) throw new InvalidArgumentError('a semver version such as 1.2.0.');
      return v;
    })
    .requiredOption('--key <file>', 'the private key (PEM) to sign with')
    .requiredOption('--out <file>', 'the bundle file to write')
    .option('--connector-api <range>', "the agent connector API range it needs (default: the connector's own)")
    .action(async (opts: { version: string; key: string; out: string; connectorApi?: string }) => {
      const { createConnector, manifest } = await import('../connectors/stripe/index.js');
      try {
        const files = Object.fromEntries(
          BUNDLED.flatMap((dir) => codeFiles(join(DIST, dir))).map((file) => {
            const path = relative(DIST, file).split(sep).join('/');
            // The bundle carries no source maps, so its files do not point at any.
            let text = readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
            if (path.endsWith('.json')) text = JSON.stringify(JSON.parse(text));
            // The bundle's code says which version it is: the manifest file carries the packed version.
            if (path === 'connectors/stripe/manifest.js') text = text.replace(/version: '[^']+'/, `version: '${opts.version}'`);
            return [path, Buffer.from(text)];
          }),
        );
        files[BUNDLE_CATALOG] = Buffer.from(JSON.stringify(createConnector().catalog()));
        const bundle = makeBundle(
          { name: manifest.name, version: opts.version, connectorApi: opts.connectorApi ?? manifest.connectorApi, entry: ENTRY },
          files,
          createPrivateKey(readFileSync(opts.key)),
        );
        writeFileSync(opts.out, JSON.stringify(bundle));
        process.stdout.write(`Packed ${bundle.manifest.name} ${bundle.manifest.version} (${Object.keys(files).length} files, sha256 ${bundle.manifest.sha256.slice(0, 12)}…) into ${opts.out}\n`);
      } catch (e) {
        process.stderr.write(`stripe-agent connector pack: ${e instanceof BundleError ? e.message : (e as Error).message}\n`);
        process.exit(1);
      }
    });
  command
    .command('publish')
    .description("Upload a bundle to a control plane's registry")
    .argument('<file>', 'the bundle')
    .requiredOption('--control-plane <url>', "the control plane's base URL")
    .option('--admin-token <token>', 'its admin token [env STRIPE_AGENT_ADMIN_TOKEN]', process.env.STRIPE_AGENT_ADMIN_TOKEN)
    .action(async (file: string, opts: { controlPlane: string; adminToken?: string }) => {
      if (!opts.adminToken) {
        process.stderr.write('stripe-agent connector publish: no admin token; pass --admin-token or set STRIPE_AGENT_ADMIN_TOKEN\n');
        process.exit(2);
      }
      const res = await fetch(new URL('/api/v1/connectors', opts.controlPlane), {
        method: 'POST',
        headers: { Authorization: `Bearer ${opts.adminToken}`, 'Content-Type': 'application/json' },
        body: readFileSync(file),
      });
      const body = (await res.json()) as { name?: string; version?: string; error?: { message: string } };
      if (!res.ok) {
        process.stderr.write(`stripe-agent connector publish: refused (${res.status}): ${body.error?.message}\n`);
        process.exit(1);
      }
      process.stdout.write(`Published ${body.name} ${body.version}\n`);
    });
  return command;
}

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? codeFiles(join(dir, e.name)) : /\.(js|json)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}
