import { constants } from 'node:fs';
import { access, mkdir, realpath, stat } from 'node:fs/promises';
import { accessSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Logger } from '../../logging/logger.js';
import { pathLeavesRoot, ROOT_NAME } from '../../protocol/roots.js';

/** A refusal about files: a root this agent does not have, a path leaving its root, a file missing. */
export class FilesError extends Error {
  override readonly name = 'FilesError';
  constructor(
    readonly code: 'files_root_unknown' | 'files_root_unusable' | 'path_escape' | 'files_error',
    message: string,
  ) {
    super(message);
  }
}

export interface RootStatus {
  name: string;
  readable: boolean;
  writable: boolean;
  /** Why it cannot be used at all (missing, not a directory): such a root is not declared. */
  problem?: string;
}

/**
 * Parses `--files-root NAME=DIR` values (repeatable) over the config file's `files.roots` over
 * STRIPE_AGENT_FILES_ROOTS (`NAME=DIR,NAME=DIR`, for containers); a name given twice takes the stronger.
 */
export function parseFilesRoots(flags: string[], fromConfig: unknown, source: string, fromEnv = ''): Record<string, string> {
  const roots: Record<string, string> = {};
  for (const pair of fromEnv.split(',').filter((p) => p.trim() !== '')) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`STRIPE_AGENT_FILES_ROOTS: '${pair}' must be NAME=DIR, as in imports=/srv/imports`);
    roots[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  if (fromConfig !== undefined) {
    if (!fromConfig || typeof fromConfig !== 'object' || Array.isArray(fromConfig)) throw new Error(`${source}: files.roots must be an object of NAME: DIR, as in {"imports": "/srv/imports"}`);
    for (const [name, dir] of Object.entries(fromConfig)) roots[name] = String(dir);
  }
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at < 1) throw new Error(`--files-root '${flag}' must be NAME=DIR, as in imports=/srv/imports`);
    roots[flag.slice(0, at)] = flag.slice(at + 1);
  }
  for (const [name, dir] of Object.entries(roots)) {
    if (!ROOT_NAME.test(name)) throw new Error(`files root name '${name}' must be letters, digits, _ . - (up to 64), starting with a letter or digit`);
    if (!isAbsolute(dir)) throw new Error(`files root '${name}' must be an absolute directory, not '${dir}'`);
  }
  return roots;
}

/**
 * The directories this agent declares by name. Every path a run names is resolved inside its
 * root, with symlinks followed, and refused when it would leave it — whatever the control plane
 * checked when the activity was saved.
 */
export class FilesRoots {
  constructor(private readonly roots: Record<string, string>) {}

  /** What each root allows now, checked once at start. */
  status(): RootStatus[] {
    return Object.entries(this.roots).map(([name, dir]) => {
      try {
        if (!statSync(dir).isDirectory()) return { name, readable: false, writable: false, problem: `${dir} is not a directory` };
      } catch (e) {
        return { name, readable: false, writable: false, problem: `${dir} cannot be opened (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
      }
      const can = (mode: number) => {
        try {
          accessSync(dir, mode);
          return true;
        } catch {
          return false;
        }
      };
      return { name, readable: can(constants.R_OK | constants.X_OK), writable: can(constants.W_OK | constants.X_OK) };
    });
  }

  /** The names to declare: the roots that exist as directories. */
  usable(): string[] {
    return this.status().filter((s) => !s.problem).map((s) => s.name);
  }

  /** The real directory of a root. */
  async root(name: string): Promise<string> {
    const dir = this.roots[name];
    if (dir === undefined) throw new FilesError('files_root_unknown', `This agent has no files root '${name}'; declare it with --files-root ${name}=DIR or files.roots in its config.`);
    try {
      return await realpath(dir);
    } catch (e) {
      throw new FilesError('files_root_unusable', `The files root '${name}' (${dir}) cannot be opened: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
    }
  }

  /** An existing file or directory inside a root; symlinks are followed and must stay inside. */
  async existing(rootDir: string, path: string, rootName: string): Promise<string> {
    const full = lexically(rootDir, path, rootName);
    let real: string;
    try {
      real = await realpath(full);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return full;
      throw e;
    }
    inside(rootDir, real, path, rootName);
    return real;
  }

  /** Where to write `path` inside a root: its directories are made, after checking the ones that exist stay inside. */
  async forWriting(rootDir: string, path: string, rootName: string): Promise<string> {
    const full = lexically(rootDir, path, rootName);
    let existing = dirname(full);
    for (;;) {
      try {
        inside(rootDir, await realpath(existing), path, rootName);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        existing = dirname(existing);
      }
    }
    await mkdir(dirname(full), { recursive: true });
    inside(rootDir, await realpath(dirname(full)), path, rootName);
    return full;
  }

  /** Whether the root can be written now (a read-only mount, a systemd unit without ReadWritePaths=). */
  async assertWritable(rootDir: string, rootName: string): Promise<void> {
    try {
      await access(rootDir, constants.W_OK);
      if (!(await stat(rootDir)).isDirectory()) throw new Error('not a directory');
    } catch (e) {
      throw new FilesError('files_root_unusable', `The files root '${rootName}' cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); under systemd add it to ReadWritePaths=, in a container mount it read-write.`);
    }
  }
}

/** Says at start which roots this agent declares, and which it cannot read or write (a missing mount, a unit without ReadWritePaths=). */
export function logRootStatus(roots: FilesRoots, log: Logger): void {
  const status = roots.status();
  if (status.length === 0) return;
  for (const s of status) {
    if (s.problem) log.warn({ root: s.name, problem: s.problem }, 'files root not declared: it cannot be used');
    else if (!s.readable) log.warn({ root: s.name }, 'files root cannot be read; reads from it will fail');
    else if (!s.writable) log.warn({ root: s.name }, 'files root cannot be written; writes to it will fail');
  }
  log.info({ roots: roots.usable() }, 'files roots declared');
}

function lexically(rootDir: string, path: string, rootName: string): string {
  const leaves = pathLeavesRoot(path);
  if (leaves) throw new FilesError('path_escape', `The path '${path}' leaves the files root '${rootName}': ${leaves}.`);
  const full = resolve(rootDir, path);
  inside(rootDir, full, path, rootName);
  return full;
}

function inside(rootDir: string, real: string, path: string, rootName: string): void {
  const rel = relative(rootDir, real);
  if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))) return;
  throw new FilesError('path_escape', `The path '${path}' leaves the files root '${rootName}' (a symlink points out of it); it was refused.`);
}
