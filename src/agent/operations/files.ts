import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join, posix } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import type { FilesActivityDefinition } from '../../protocol/operations.js';
import { FilesError, type FilesRoots } from './roots.js';

/** A record read from a file, with where it came from (its position, never its contents, goes into errors). */
export interface FileRecord {
  record: Record<string, unknown> | undefined;
  /** `file:row`, the row counted from 1 among the file's records. */
  recordId: string;
  /** Why the line is not a record (bad JSON, not an object). */
  problem?: string;
}

/** A JSON array file is parsed whole; larger exports belong in NDJSON, which streams. */
const MAX_JSON_BYTES = 64 << 20;

/** The files a read activity takes: those matching its pattern, oldest first. */
export async function matchingFiles(roots: FilesRoots, definition: FilesActivityDefinition): Promise<{ rootDir: string; files: string[] }> {
  const rootDir = await roots.root(definition.root);
  const pattern = definition.pattern!;
  const dir = posix.dirname(pattern);
  const match = globToRegExp(posix.basename(pattern));
  const directory = await roots.existing(rootDir, dir === '.' ? '.' : dir, definition.root);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { rootDir, files: [] };
    throw new FilesError('files_error', `The directory '${dir}' of the files root '${definition.root}' cannot be read: ${(e as NodeJS.ErrnoException).code}.`);
  }
  const found: Array<{ path: string; mtime: number }> = [];
  for (const name of names) {
    // Dot files are this agent's own (temporary writes, .archive) or hidden on purpose.
    if (name.startsWith('.') || !match.test(name)) continue;
    const path = dir === '.' ? name : `${dir}/${name}`;
    const real = await roots.existing(rootDir, path, definition.root);
    const info = await stat(real);
    if (info.isFile()) found.push({ path, mtime: info.mtimeMs });
  }
  found.sort((a, b) => a.mtime - b.mtime || a.path.localeCompare(b.path));
  return { rootDir, files: found.map((f) => f.path) };
}

/** The records of one file, streamed: CSV (a header row names the fields), NDJSON, or a JSON array. */
export async function* readRecords(fullPath: string, relativePath: string, format: FilesActivityDefinition['format']): AsyncGenerator<FileRecord> {
  let row = 0;
  const id = () => `${relativePath}:${++row}`;
  if (format === 'csv') {
    const parser = createReadStream(fullPath).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }));
    for await (const record of parser as AsyncIterable<Record<string, string>>) yield { record, recordId: id() };
    return;
  }
  if (format === 'ndjson') {
    const lines = createInterface({ input: createReadStream(fullPath), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      yield parsedLine(line, id());
    }
    return;
  }
  if ((await stat(fullPath)).size > MAX_JSON_BYTES) {
    throw new FilesError('files_error', `${relativePath} is over ${MAX_JSON_BYTES >> 20} MiB; a JSON file is read whole, so use NDJSON for files this large.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(fullPath, 'utf8'));
  } catch (e) {
    throw new FilesError('files_error', `${relativePath} is not JSON: ${(e as Error).message}.`);
  }
  for (const record of Array.isArray(parsed) ? parsed : [parsed]) {
    yield isObject(record) ? { record, recordId: id() } : { record: undefined, recordId: id(), problem: 'the element is not a JSON object' };
  }
}

/**
 * Writes one file atomically: records go to a temporary dot-file beside it, which is flushed to
 * disk and renamed over the final name only when the run succeeded. A crash leaves at most the
 * temporary file, never a partial file under the final name.
 */
export class AtomicWriter {
  private readonly temp: string;
  private readonly out: WriteStream;
  private columns: string[] | undefined;
  private count = 0;

  constructor(
    private readonly finalPath: string,
    private readonly format: FilesActivityDefinition['format'],
  ) {
    this.temp = join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(6).toString('hex')}.tmp`);
    this.out = createWriteStream(this.temp, { flags: 'wx', mode: 0o640 });
  }

  async write(record: Record<string, unknown>): Promise<void> {
    let text: string;
    if (this.format === 'csv') {
      const header = this.columns === undefined;
      // The first record's fields are the columns; a later record's other fields are left out.
      this.columns ??= Object.keys(record);
      text = stringify([record], { header, columns: this.columns, cast: { object: (v) => JSON.stringify(v), boolean: (v) => String(v) } });
    } else if (this.format === 'ndjson') {
      text = `${JSON.stringify(record)}\n`;
    } else {
      text = `${this.count === 0 ? '[\n' : ',\n'}${JSON.stringify(record)}`;
    }
    this.count++;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  /** Flushes, syncs and renames into place. */
  async commit(): Promise<void> {
    if (this.format === 'json') this.out.write(this.count === 0 ? '[]\n' : '\n]\n');
    this.out.end();
    await once(this.out, 'close');
    const handle = await open(this.temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.temp, this.finalPath);
  }

  /** Drops the temporary file. */
  async discard(): Promise<void> {
    this.out.destroy();
    await rm(this.temp, { force: true });
  }
}

/** After a finished run: the files it read go to ROOT/.archive/ (or are deleted), as the activity says. */
export async function afterRead(rootDir: string, files: string[], mode: 'archive' | 'delete', runId: string): Promise<void> {
  for (const file of files) {
    const from = join(rootDir, file);
    if (mode === 'delete') {
      await rm(from, { force: true });
      continue;
    }
    let to = join(rootDir, '.archive', file);
    await mkdir(dirname(to), { recursive: true });
    if (await exists(to)) to = `${to}.${runId}`;
    await rename(from, to);
  }
}

function parsedLine(line: string, recordId: string): FileRecord {
  try {
    const value = JSON.parse(line) as unknown;
    return isObject(value) ? { record: value, recordId } : { record: undefined, recordId, problem: 'the line is not a JSON object' };
  } catch {
    return { record: undefined, recordId, problem: 'the line is not valid JSON' };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** `*` and `?` within one file name; everything else literal. */
function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}
