import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
// Only the functions used: the whole package is 70 KiB the agent would load and run at every start.
import gt from 'semver/functions/gt.js';
import rcompare from 'semver/functions/rcompare.js';
import satisfies from 'semver/functions/satisfies.js';
import valid from 'semver/functions/valid.js';
import { BundleError, verifyBundle, type Bundle } from '../connectors/bundle.js';
import type { ConnectorOptions, StripeConnector } from '../connectors/stripe/index.js';
import type { Logger } from '../logging/logger.js';

/** The connector API this agent offers; a bundle's `connectorApi` range must include it. */
export const CONNECTOR_API_VERSION = '1.0.0';

interface ConnectorModule {
  createConnector(options?: ConnectorOptions): StripeConnector;
}

export interface UpdaterOptions {
  dataDir: string;
  controlPlane: string;
  token: string;
  trustedKeys: KeyObject[];
  /** An operator's pin, as in "~1.4"; any version when absent. */
  versions?: string;
  /** The proxy's HTTP agent for downloads, when there is one. */
  httpAgent?: Agent;
  /** CA certificates an https:// control plane may chain to, when the operator added some. */
  ca?: string[];
  connectorOptions: ConnectorOptions;
  log: Logger;
}

export type UpdateOutcome =
  | { status: 'updated'; version: string }
  | { status: 'current'; version: string }
  | { status: 'disabled by policy'; version: string }
  | { status: 'failed'; version: string; reason: string };

/**
 * Keeps the agent's stripe connector current: asks the registry for the newest version this agent
 * may run, verifies it (sha256, signature, connector API range) before anything is written where
 * it could be loaded, installs it atomically, loads it, and swaps it in for new jobs. Running
 * jobs keep the connector they started with. A version that fails any step is refused and the
 * one in use stays.
 */
export class Updater {
  private active: StripeConnector;
  private refused: string | undefined;
  private checking: Promise<UpdateOutcome> | undefined;
  private readonly root: string;

  constructor(
    builtin: StripeConnector,
    private readonly options: UpdaterOptions,
  ) {
    this.active = builtin;
    this.root = join(options.dataDir, 'connectors', 'stripe');
  }

  get connector(): StripeConnector {
    return this.active;
  }

  get version(): string {
    return this.active.manifest.version;
  }

  /** Why the last version tried was refused, if it was. */
  get lastError(): string | undefined {
    return this.refused;
  }

  /** At start: the newest version installed earlier that still verifies and loads, if newer than the built-in one. */
  async loadInstalled(): Promise<void> {
    if (!existsSync(this.root)) return;
    const versions = readdirSync(this.root).filter((v) => valid(v) && this.allowed(v)).sort(rcompare);
    for (const version of versions) {
      if (!gt(version, this.version)) return;
      try {
        const bundle = verifyBundle(JSON.parse(readFileSync(join(this.root, version, 'bundle.json'), 'utf8')), this.options.trustedKeys);
        this.usable(bundle, version);
        // Laid out afresh from the verified bundle, so files changed on disk since are not what runs.
        this.active = await this.load(bundle, this.install(bundle));
        this.options.log.info({ connector: 'stripe', version }, 'connector loaded from the data dir');
        return;
      } catch (e) {
        this.options.log.warn({ connector: 'stripe', version, reason: (e as Error).message }, 'installed connector version skipped');
      }
    }
  }

  /** Looks for a newer version and takes it; one check at a time. */
  check(disabledByPolicy: boolean): Promise<UpdateOutcome> {
    if (disabledByPolicy) return Promise.resolve({ status: 'disabled by policy', version: this.version });
    this.checking ??= this.update().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async update(): Promise<UpdateOutcome> {
    const { log } = this.options;
    let candidate: string | undefined;
    try {
      const list = (await this.get('/api/v1/agent/connectors')) as Array<{ name: string; versions: string[] }>;
      candidate = (list.find((c) => c.name === 'stripe')?.versions ?? [])
        .filter((v) => valid(v) && this.allowed(v) && gt(v, this.version))
        .sort(rcompare)[0];
      if (!candidate) return { status: 'current', version: this.version };
      const bundle = verifyBundle(await this.get(`/api/v1/agent/connectors/stripe/${candidate}/bundle`), this.options.trustedKeys);
      this.usable(bundle, candidate);
      const connector = await this.load(bundle, this.install(bundle));
      const previous = this.version;
      this.active = connector;
      this.refused = undefined;
      log.info({ connector: 'stripe', from: previous, to: candidate }, 'connector updated; new jobs run on it');
      return { status: 'updated', version: candidate };
    } catch (e) {
      const reason = `${candidate ? `stripe ${candidate} refused: ` : 'update check failed: '}${(e as Error).message}`;
      if (candidate) this.refused = reason;
      log.warn({ connector: 'stripe', version: candidate, reason }, 'connector version refused; keeping the one in use');
      return { status: 'failed', version: this.version, reason };
    }
  }

  /** The bundle is the stripe version asked for, and made for this agent's connector API; whether downloaded or found installed. */
  private usable(bundle: Bundle, version: string): void {
    if (bundle.manifest.name !== 'stripe' || bundle.manifest.version !== version) {
      throw new BundleError(`${bundle.manifest.name} ${bundle.manifest.version} came where stripe ${version} was expected`);
    }
    if (!satisfies(CONNECTOR_API_VERSION, bundle.manifest.connectorApi)) {
      throw new BundleError(`stripe ${version} needs the connector API ${bundle.manifest.connectorApi}; this agent offers ${CONNECTOR_API_VERSION}`);
    }
  }

  private allowed(version: string): boolean {
    return !this.options.versions || satisfies(version, this.options.versions);
  }

  /** Writes the verified bundle beside its version's folder, then renames it into place: all or nothing. */
  private install(bundle: Bundle): string {
    const target = join(this.root, bundle.manifest.version);
    const staging = join(this.root, `.staging-${bundle.manifest.version}-${process.pid}-${Date.now()}`);
    mkdirSync(staging, { recursive: true });
    for (const [path, content] of Object.entries(bundle.files)) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      writeFileSync(join(staging, path), Buffer.from(content, 'base64'));
    }
    writeFileSync(join(staging, 'bundle.json'), JSON.stringify(bundle));
    // An ES module file of its own: the bundle's .js files are modules.
    writeFileSync(join(staging, 'package.json'), '{"type":"module"}\n');
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    this.linkDependencies();
    return target;
  }

  /** The bundle's code imports `stripe`; the agent's own node_modules serves it, found by a link beside the versions. */
  private linkDependencies(): void {
    const link = join(this.options.dataDir, 'connectors', 'node_modules');
    if (existsSync(link)) return;
    const stripeEntry = createRequire(import.meta.url).resolve('stripe');
    const modules = stripeEntry.slice(0, stripeEntry.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length);
    symlinkSync(modules, link, 'dir');
  }

  /** Loads a version and checks it before it serves a job: it must be what it says, and work. */
  private async load(bundle: Bundle, dir: string): Promise<StripeConnector> {
    let connector: StripeConnector;
    try {
      const module = (await import(`${pathToFileURL(join(dir, bundle.manifest.entry)).href}?v=${bundle.manifest.sha256}`)) as ConnectorModule;
      connector = module.createConnector(this.options.connectorOptions);
    } catch (e) {
      throw new BundleError(`it failed to load: ${(e as Error).message}`);
    }
    if (connector?.manifest?.version !== bundle.manifest.version || connector.manifest.name !== 'stripe') {
      throw new BundleError(`its code says ${connector?.manifest?.name} ${connector?.manifest?.version}, not stripe ${bundle.manifest.version}`);
    }
    try {
      if (connector.catalog().length === 0) throw new Error('its catalog is empty');
    } catch (e) {
      throw new BundleError(`its self-check failed: ${(e as Error).message}`);
    }
    return connector;
  }

  private get(path: string): Promise<unknown> {
    const url = new URL(path, this.options.controlPlane.replace(/^ws/, 'http'));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { agent: this.options.httpAgent, ...(this.options.ca ? { ca: this.options.ca } : {}), headers: { Authorization: `Bearer ${this.options.token}` }, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`the control plane answered ${res.statusCode} to ${url.pathname}`));
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new Error(`the control plane's answer to ${url.pathname} is not JSON`));
          }
        });
      });
      req.once('timeout', () => req.destroy(new Error(`no answer from the control plane to ${url.pathname} in 30 s`)));
      req.once('error', reject);
      req.end();
    });
  }
}
