import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
// Only the functions used, so that an agent's start does not load the whole package.
import valid from 'semver/functions/valid.js';
import validRange from 'semver/ranges/valid.js';

/**
 * A connector bundle: one JSON file holding a manifest, the code (the connector's compiled files)
 * and an ed25519 signature over the manifest. The manifest carries the sha256 of the code, so the
 * signature covers both.
 */
export const BUNDLE_FORMAT = 'stripe-agent-connector/1';
/** The connector's catalog as JSON, which a control plane serves without running the bundle's code. */
export const BUNDLE_CATALOG = 'catalog.json';

export interface BundleManifest {
  name: string;
  /** semver */
  version: string;
  /** The semver range of the agent's connector API this version needs. */
  connectorApi: string;
  /** The file to import, among `files`. */
  entry: string;
  /** sha256 (hex) of the code, as `codeDigest` computes it. */
  sha256: string;
}

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  manifest: BundleManifest;
  /** base64 ed25519 signature over the manifest's canonical JSON. */
  signature: string;
  /** Relative path → base64 content. */
  files: Record<string, string>;
}

/** A bundle that cannot be trusted or used; `reason` says which check failed. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}

/** The code's digest: every file, in path order, with its path and length, so no file can move or merge. */
export function codeDigest(files: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const path of Object.keys(files).sort()) {
    const content = Buffer.from(files[path]!, 'base64');
    hash.update(`${path}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

export function canonicalManifest(manifest: BundleManifest): Buffer {
  const ordered = Object.fromEntries(Object.keys(manifest).sort().map((k) => [k, manifest[k as keyof BundleManifest]]));
  return Buffer.from(JSON.stringify(ordered));
}

export function makeBundle(manifest: Omit<BundleManifest, 'sha256'>, files: Record<string, Buffer>, privateKey: KeyObject): Bundle {
  const encoded = Object.fromEntries(Object.entries(files).map(([p, c]) => [p, c.toString('base64')]));
  const full: BundleManifest = { ...manifest, sha256: codeDigest(encoded) };
  checkManifest(full, encoded);
  return { format: BUNDLE_FORMAT, manifest: full, signature: sign(null, canonicalManifest(full), privateKey).toString('base64'), files: encoded };
}

/**
 * Parses and checks a bundle before anything of it is written where it could be loaded: its
 * shape, its code against the manifest's sha256, and its signature against the trusted keys.
 */
export function verifyBundle(raw: unknown, trustedKeys: readonly KeyObject[]): Bundle {
  const bundle = shape(raw);
  checkManifest(bundle.manifest, bundle.files);
  if (codeDigest(bundle.files) !== bundle.manifest.sha256) {
    throw new BundleError(`the code of ${bundle.manifest.name} ${bundle.manifest.version} does not match its manifest's sha256: the bundle was altered`);
  }
  if (trustedKeys.length === 0) throw new BundleError('no trusted publisher key is configured, so no bundle can be verified');
  const signature = Buffer.from(bundle.signature, 'base64');
  if (!trustedKeys.some((key) => verify(null, canonicalManifest(bundle.manifest), key, signature))) {
    throw new BundleError(`the signature of ${bundle.manifest.name} ${bundle.manifest.version} is not from a trusted key`);
  }
  return bundle;
}

/** Reads a public key (PEM) and insists it is ed25519. */
export function trustedKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new BundleError(`${where} is not a public key in PEM: ${(e as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new BundleError(`${where} is a ${key.asymmetricKeyType} key; bundles are signed with ed25519`);
  return key;
}

function shape(raw: unknown): Bundle {
  const b = raw as Partial<Bundle> | null;
  if (!b || typeof b !== 'object' || b.format !== BUNDLE_FORMAT) throw new BundleError(`not a connector bundle (format ${BUNDLE_FORMAT})`);
  if (!b.manifest || typeof b.manifest !== 'object') throw new BundleError('the bundle has no manifest');
  if (typeof b.signature !== 'string') throw new BundleError('the bundle has no signature');
  if (!b.files || typeof b.files !== 'object' || Object.values(b.files).some((v) => typeof v !== 'string')) throw new BundleError('the bundle has no code');
  return b as Bundle;
}

function checkManifest(m: BundleManifest, files: Record<string, string>): void {
  for (const field of ['name', 'version', 'connectorApi', 'entry', 'sha256'] as const) {
    if (typeof m[field] !== 'string' || !m[field]) throw new BundleError(`the manifest has no ${field}`);
  }
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(m.name)) throw new BundleError(`the manifest's name '${m.name}' is not a connector name`);
  // Exactly as semver prints it (which drops +build metadata), so no two published versions compare equal.
  if (!valid(m.version)) throw new BundleError(`the manifest's version '${m.version}' is not semver`);
  if (valid(m.version) !== m.version) {
    throw new BundleError(`the manifest's version '${m.version}' is not semver written plainly, as in 1.2.3: no leading v, spaces or +build metadata`);
  }
  if (!validRange(m.connectorApi)) throw new BundleError(`the manifest's connectorApi '${m.connectorApi}' is not a semver range`);
  if (!Object.hasOwn(files, m.entry)) throw new BundleError(`the manifest's entry ${m.entry} is not in the bundle`);
  for (const path of Object.keys(files)) {
    if (path.startsWith('/') || path.split('/').some((part) => part === '..' || part === '') || !/^[\w./-]+$/.test(path)) {
      throw new BundleError(`the bundle holds a file with an unsafe path: ${path}`);
    }
  }
}
