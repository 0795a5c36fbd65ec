import { chmodSync, chownSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { parseFilesRoots } from '../agent/operations/roots.js';
import { readConfig } from '../agent/options.js';
import type { ProxyConfig, ProxySettings } from '../agent/proxy.js';

/** Where the packaged service reads its configuration (the systemd unit's --config). */
export const SERVICE_CONFIG = '/etc/stripe-agent/agent.json';

interface Flags {
  controlPlane: string;
  tokenFile: string;
  name?: string;
  filesRoot: string[];
  proxy?: string;
  config: string;
}

/** A refusal: the message says what was wrong and what to do; nothing has been written. */
class Refusal extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

export function configureCommand(): Command {
  return new Command('configure')
    .description("Write the agent's configuration after checking, from this host, that the control plane accepts its token")
    .requiredOption('--control-plane <url>', "the control plane's base URL (http://host:port, https://…, ws:// or wss://)")
    .requiredOption('--token-file <file>', 'a file holding the agent token of the group to join (for the service: /etc/stripe-agent/token, mode 0640, group stripe-agent)')
    .option('--name <name>', 'the name shown in the control plane (default: the host name)')
    .option('--files-root <NAME=DIR>', 'a directory operations may read and write, by this name; repeatable (config: files.roots)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--proxy <url>', 'the proxy to reach the control plane and Stripe through (http://user:password@host:port, socks5://…; config: proxy.url)')
    .option('--config <file>', 'the config file to write', SERVICE_CONFIG)
    .addHelpText('after', "\nKeys already in the config file that are not given here (concurrency, connectors, the proxy's caFile…) are kept.\nNothing is written unless the control plane accepted the token. Exits 1 when it did not, 2 on bad input.")
    .action(async (flags: Flags) => {
      try {
        await configure(flags);
      } catch (e) {
        const code = e instanceof Refusal ? e.exitCode : 1;
        process.stderr.write(`stripe-agent configure: ${(e as Error).message}\n`);
        process.exit(code);
      }
    });
}

async function configure(flags: Flags): Promise<void> {
  // ws and proxy-agent load after the flags are read: --help needs neither.
  const [{ ProxySettings }, { checkControlPlane }, { agentUrl }] = await Promise.all([
    import('../agent/proxy.js'),
    import('../agent/reachability.js'),
    import('../agent/session.js'),
  ]);
  const file = resolve(flags.config);
  const next = nextConfig(flags, file, agentUrl);
  let proxy: ProxySettings | undefined;
  try {
    proxy = ProxySettings.resolve(next.proxy as ProxyConfig | undefined);
  } catch (e) {
    throw new Refusal((e as Error).message, 2);
  }
  const token = readToken(next.tokenFile as string);
  const reached = await checkControlPlane(flags.controlPlane, token, proxy);
  const path = `${reached.url}${reached.proxy ? ` through the proxy ${reached.proxy}` : ''}`;
  if (!reached.ok) throw new Refusal(`${path}: ${reached.reason}.\nNothing was written to ${file}.`, 1);

  write(file, `${JSON.stringify(next, null, 2)}\n`);
  const out = [`The control plane at ${path} accepted the agent token.`, `Wrote ${file}.`];
  out.push(...warnings(next.tokenFile as string, file));
  const roots = Object.values((next.files as { roots?: Record<string, string> } | undefined)?.roots ?? {});
  if (flags.filesRoot.length > 0 && roots.length > 0) {
    out.push('', 'The service may write only its state directory; let it at the files roots with a drop-in', '(systemctl edit stripe-agent), then restart it:', '  [Service]', `  ReadWritePaths=${roots.join(' ')}`);
  }
  out.push('', 'Start the agent now and at every boot:', '  systemctl enable --now stripe-agent');
  if (file !== SERVICE_CONFIG) out.push('or, without systemd, in the foreground:', `  stripe-agent run --config ${file}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The config file's new content: what exists, with the given settings replacing theirs. */
function nextConfig(flags: Flags, file: string, agentUrl: (controlPlane: string) => string): Record<string, unknown> {
  try {
    agentUrl(flags.controlPlane);
  } catch (e) {
    throw new Refusal((e as Error).message, 2);
  }
  if (!existsSync(dirname(file))) throw new Refusal(`the directory ${dirname(file)} does not exist; install the package first, or pass --config with a file in an existing directory`, 2);
  let existing: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      existing = readConfig(file);
    } catch (e) {
      throw new Refusal(`${(e as Error).message}; fix it or remove it, then run configure again`, 2);
    }
  }
  // A token written inline would beat tokenFile when the agent reads the file.
  const { token: _inline, ...kept } = existing;
  const next: Record<string, unknown> = { ...kept, controlPlane: flags.controlPlane, tokenFile: resolve(flags.tokenFile) };
  if (flags.name !== undefined) {
    if (!flags.name.trim()) throw new Refusal('--name must not be empty', 2);
    next.name = flags.name;
  }
  if (flags.filesRoot.length > 0) next.files = { ...(existing.files as object | undefined), roots: filesRoots(flags.filesRoot) };
  if (flags.proxy !== undefined) next.proxy = { ...(existing.proxy as object | undefined), url: flags.proxy };
  return next;
}

function filesRoots(specs: string[]): Record<string, string> {
  let roots: Record<string, string>;
  try {
    // A relative directory is taken from where configure runs; the agent's own rules check the rest.
    const absolute = specs.map((spec) => {
      const at = spec.indexOf('=');
      return at > 0 && at < spec.length - 1 ? `${spec.slice(0, at)}=${resolve(spec.slice(at + 1))}` : spec;
    });
    roots = parseFilesRoots(absolute, undefined, '--files-root');
  } catch (e) {
    throw new Refusal((e as Error).message, 2);
  }
  for (const [name, dir] of Object.entries(roots)) {
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      // Reported below, as for a file that is not a directory.
    }
    // The agent would not declare it: say so now rather than in the service's log.
    if (!isDir) throw new Refusal(`--files-root ${name}: ${dir} is not a directory; create it first`, 2);
  }
  return roots;
}

function readToken(file: string): string {
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new Refusal(`cannot read the token file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 2);
  }
  if (!token) throw new Refusal(`the token file ${file} is empty; put the agent token of the group in it`, 2);
  return token;
}

/** Mistakes that would only show when the service starts, or that leave the token exposed. */
function warnings(tokenFile: string, configFile: string): string[] {
  const out: string[] = [];
  if (configFile === SERVICE_CONFIG && /^\/(home|root|tmp|var\/tmp|run\/user)(\/|$)/.test(tokenFile)) {
    out.push(`Warning: the service cannot see ${tokenFile} (its unit hides /home, /root and /tmp); move the token to /etc/stripe-agent/token.`);
  }
  if ((statSync(tokenFile).mode & 0o004) !== 0) out.push(`Warning: every user of this host can read ${tokenFile}; chmod 0640 it (group stripe-agent).`);
  return out;
}

/** Replaces the file atomically, keeping an existing file's mode and owner (the package makes it root:stripe-agent 0640). */
function write(file: string, text: string): void {
  const before = existsSync(file) ? statSync(file) : undefined;
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
    if (before) {
      chmodSync(temp, before.mode & 0o7777);
      if (process.getuid?.() === 0) chownSync(temp, before.uid, before.gid);
    }
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    const hint = code === 'EACCES' || code === 'EPERM' ? '; run configure as root (sudo), or pass --config with a file you may write' : '';
    throw new Error(`cannot write ${file}: ${code ?? (e as Error).message}${hint}`);
  }
}
