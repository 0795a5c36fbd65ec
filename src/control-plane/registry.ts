import type { KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import semver from 'semver';
import { BundleError, verifyBundle, type Bundle, type BundleManifest } from '../connectors/bundle.js';
import { Refusal } from './refusal.js';

/** The registry of signed connector versions; a bundle is verified against the trusted keys before it is kept. */
export class Registry {
  constructor(
    private readonly db: Database,
    private readonly trustedKeys: readonly KeyObject[],
  ) {}

  publish(raw: unknown, now = Date.now()): BundleManifest {
    let bundle;
    try {
      bundle = verifyBundle(raw, this.trustedKeys);
    } catch (e) {
      if (e instanceof BundleError) throw new Refusal('invalid', 'invalid_bundle', `Bundle refused: ${e.message}.`);
      throw e;
    }
    const { name, version } = bundle.manifest;
    if (this.db.prepare('SELECT 1 FROM connector_versions WHERE name = ? AND version = ?').get(name, version)) {
      throw new Refusal('conflict', 'version_exists', `${name} ${version} is already published; versions are immutable, publish a higher one.`);
    }
    this.db
      .prepare('INSERT INTO connector_versions (name, version, manifest, bundle, uploaded_at) VALUES (?, ?, ?, ?, ?)')
      .run(name, version, JSON.stringify(bundle.manifest), JSON.stringify(bundle), now);
    return bundle.manifest;
  }

  /** Names and versions, newest version first. */
  list(): Array<{ name: string; versions: string[] }> {
    const rows = this.db.prepare('SELECT name, version FROM connector_versions').all() as Array<{ name: string; version: string }>;
    const byName = new Map<string, string[]>();
    for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r.version]);
    return [...byName].sort(([a], [b]) => a.localeCompare(b)).map(([name, versions]) => ({ name, versions: versions.sort(semver.rcompare) }));
  }

  /** One file of a version's bundle; null when the bundle has no such file, undefined when there is no such version. */
  file(name: string, version: string, path: string): Buffer | null | undefined {
    const row = this.db.prepare('SELECT bundle FROM connector_versions WHERE name = ? AND version = ?').pluck().get(name, version) as string | undefined;
    if (row === undefined) return undefined;
    const content = (JSON.parse(row) as Bundle).files[path];
    return content === undefined ? null : Buffer.from(content, 'base64');
  }

  bundle(name: string, version: string): string {
    const row = this.db.prepare('SELECT bundle FROM connector_versions WHERE name = ? AND version = ?').pluck().get(name, version) as string | undefined;
    if (!row) throw new Refusal('not_found', 'not_found', `No ${name} ${version} in the registry.`);
    return row;
  }
}
