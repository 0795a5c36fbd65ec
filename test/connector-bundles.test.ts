import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBundle, trustedKey, verifyBundle, type Bundle } from '../src/connectors/bundle.js';
import { api, startControlPlane, stopAll, tempDir, type ControlPlaneProcess } from './support/cluster.js';
import { runCli } from './support/process.js';

const publisher = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const files = { 'index.js': Buffer.from('export const x = 1;\n'), 'lib/util.js': Buffer.from('export {};\n') };
const manifest = { name: 'stripe', version: '1.1.0', connectorApi: '^1.0.0', entry: 'index.js' };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('connector bundles', () => {
  it('verifies a bundle signed by a trusted key', () => {
    const bundle = makeBundle(manifest, files, publisher.privateKey);
    expect(verifyBundle(JSON.parse(JSON.stringify(bundle)), [stranger.publicKey, publisher.publicKey]).manifest).toMatchObject({ ...manifest, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('refuses altered code, an altered manifest, an untrusted signer, and no trusted key at all', () => {
    const bundle = makeBundle(manifest, files, publisher.privateKey);
    const code: Bundle = { ...bundle, files: { ...bundle.files, 'index.js': Buffer.from('export const x = 2;\n').toString('base64') } };
    expect(refusal(() => verifyBundle(code, [publisher.publicKey]))).toMatch(/does not match its manifest's sha256: the bundle was altered/);
    const moved: Bundle = { ...bundle, files: { 'index.js': bundle.files['index.js']!, 'lib/other.js': bundle.files['lib/util.js']! } };
    expect(refusal(() => verifyBundle(moved, [publisher.publicKey]))).toMatch(/altered/);
    const bumped: Bundle = { ...bundle, manifest: { ...bundle.manifest, version: '9.9.9' } };
    expect(refusal(() => verifyBundle(bumped, [publisher.publicKey]))).toMatch(/stripe 9.9.9 is not from a trusted key/);
    expect(refusal(() => verifyBundle(bundle, [stranger.publicKey]))).toMatch(/not from a trusted key/);
    expect(refusal(() => verifyBundle(bundle, []))).toMatch(/no trusted publisher key/);
  });

  it('refuses malformed bundles, saying what is wrong', () => {
    expect(refusal(() => verifyBundle({ format: 'zip' }, [publisher.publicKey]))).toMatch(/not a connector bundle/);
    expect(refusal(() => makeBundle({ ...manifest, version: 'one' }, files, publisher.privateKey))).toMatch(/'one' is not semver/);
    // Versions that semver reads as 2.0.0 would make two equal versions publishable under different strings.
    for (const version of ['v2.0.0', ' 2.0.0 ', '2.0.0+x']) {
      expect(refusal(() => makeBundle({ ...manifest, version }, files, publisher.privateKey)), version).toMatch(/is not semver written plainly/);
    }
    for (const entry of ['constructor', '__proto__', 'toString']) {
      expect(refusal(() => makeBundle({ ...manifest, entry }, files, publisher.privateKey)), entry).toMatch(new RegExp(`entry ${entry} is not in the bundle`));
    }
    expect(refusal(() => makeBundle({ ...manifest, connectorApi: 'any' }, files, publisher.privateKey))).toMatch(/'any' is not a semver range/);
    expect(refusal(() => makeBundle({ ...manifest, entry: 'main.js' }, files, publisher.privateKey))).toMatch(/entry main.js is not in the bundle/);
    expect(refusal(() => makeBundle(manifest, { ...files, '../escape.js': Buffer.from('') }, publisher.privateKey))).toMatch(/unsafe path: \.\.\/escape\.js/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(refusal(() => trustedKey(rsa, 'rsa.pem'))).toMatch(/rsa.pem is a rsa key; bundles are signed with ed25519/);
  });
});

describe('keygen, pack, publish and the registry', () => {
  const dir = tempDir('bundles');
  let cp: ControlPlaneProcess;

  beforeAll(async () => {
    expect((await runCli(['connector', 'keygen', '--out', join(dir, 'keys')])).code).toBe(0);
    expect((await runCli(['connector', 'keygen', '--out', join(dir, 'other')])).code).toBe(0);
    cp = await startControlPlane({ args: ['--trusted-key', join(dir, 'keys', 'public.pem')] });
  });
  afterAll(() => stopAll(cp));

  it('packs the connector of this tree as the given version and publishes it once', async () => {
    const file = join(dir, 'stripe-1.1.0.json');
    const packed = await runCli(['connector', 'pack', '--version', '1.1.0', '--key', join(dir, 'keys', 'private.pem'), '--out', file]);
    expect(packed.code, packed.stderr).toBe(0);
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
    expect(bundle.manifest).toMatchObject({ name: 'stripe', version: '1.1.0', connectorApi: '^1.0.0', entry: 'connectors/stripe/index.js' });
    expect(Buffer.from(bundle.files['connectors/stripe/manifest.js']!, 'base64').toString()).toContain("version: '1.1.0'");
    expect(Object.keys(bundle.files)).toEqual(
      expect.arrayContaining(['connectors/stripe/index.js', 'connectors/stripe/catalog.js', 'connectors/stripe/search-query/parser.js', 'stripe-api/description.json', 'catalog.json']),
    );
    const catalog = JSON.parse(Buffer.from(bundle.files['catalog.json']!, 'base64').toString()) as Array<{ object: string }>;
    expect(catalog.map((e) => e.object)).toContain('subscription_schedules');

    const publish = (f: string) => runCli(['connector', 'publish', f, '--control-plane', cp.url, '--admin-token', 'sadm_test_admin_token']);
    expect((await publish(file)).stdout).toBe('Published stripe 1.1.0\n');
    const again = await publish(file);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/refused \(409\): stripe 1.1.0 is already published/);

    const call = api(cp.url);
    expect((await call('GET', '/api/v1/connectors')).body).toEqual([{ name: 'stripe', versions: ['1.1.0'] }]);
    expect((await call('GET', '/api/v1/connectors/stripe/1.1.0/bundle')).body).toEqual(bundle);
    expect((await call('GET', '/api/v1/connectors/stripe/7.0.0/bundle')).status).toBe(404);
  });

  it('refuses a bundle signed with an untrusted key, or altered after signing', async () => {
    const untrusted = join(dir, 'untrusted.json');
    await runCli(['connector', 'pack', '--version', '1.2.0', '--key', join(dir, 'other', 'private.pem'), '--out', untrusted]);
    const refused = await runCli(['connector', 'publish', untrusted, '--control-plane', cp.url, '--admin-token', 'sadm_test_admin_token']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused \(400\): Bundle refused: the signature of stripe 1.2.0 is not from a trusted key/);

    const tampered = join(dir, 'tampered.json');
    await runCli(['connector', 'pack', '--version', '1.3.0', '--key', join(dir, 'keys', 'private.pem'), '--out', tampered]);
    const bundle = JSON.parse(readFileSync(tampered, 'utf8')) as Bundle;
    bundle.files['connectors/stripe/index.js'] = Buffer.from('export const createConnector = () => { throw new Error("evil"); };').toString('base64');
    writeFileSync(tampered, JSON.stringify(bundle));
    const altered = await api(cp.url)('POST', '/api/v1/connectors', bundle);
    expect(altered).toMatchObject({ status: 400, body: { error: { code: 'invalid_bundle', message: expect.stringMatching(/was altered/) } } });
    expect((await api(cp.url)('GET', '/api/v1/connectors')).body).toEqual([{ name: 'stripe', versions: ['1.1.0'] }]);
  });
});
