import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

/** The web console's static files, read from the package (src/control-plane/console/). */
const ROOT = fileURLToPath(new URL('../../../src/control-plane/console/', import.meta.url));
const FILES: Readonly<Record<string, [file: string, type: string]>> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/console/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/console/style.css': ['style.css', 'text/css; charset=utf-8'],
};

/** Serves a console file; false when the path is not one. */
export async function serveConsole(path: string, res: ServerResponse): Promise<boolean> {
  const entry = FILES[path];
  if (!entry) return false;
  const body = await readFile(`${ROOT}${entry[0]}`);
  res.writeHead(200, {
    'Content-Type': entry[1],
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    'Content-Security-Policy': "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
  return true;
}
