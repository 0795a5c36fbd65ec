import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

/** The web console's static files, read from the package (src/control-plane/console/). */
const ROOT = fileURLToPath(new URL('../../../src/control-plane/console/', import.meta.url));
/**
 * The console's modules and style sheet: lower-case names in lower-case folders, so no path can
 * climb out of the console's folder (no dots but the extension's) nor reach its type declarations.
 */
const FILE = /^\/console\/((?:[a-z0-9-]+\/)*[a-z0-9-]+)\.(js|css)$/;
const TYPES: Readonly<Record<string, string>> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/** Serves a console file; false when the path is not one. */
export async function serveConsole(path: string, res: ServerResponse): Promise<boolean> {
  const match = path === '/' ? ['', 'index', 'html'] : FILE.exec(path);
  if (!match) return false;
  let body: Buffer;
  try {
    body = await readFile(`${ROOT}${match[1]}.${match[2]}`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[match[2]!] ?? 'text/html; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    'Content-Security-Policy': "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
  return true;
}
