import type { IncomingMessage, ServerResponse } from 'node:http';
import { Refusal } from '../refusal.js';
import { ApiError } from './api-error.js';

export interface Request {
  method: string;
  params: string[];
  query: URLSearchParams;
  body: unknown;
}

export interface Reply {
  status: number;
  body: unknown;
}

export type Handler = (req: Request) => Reply | Promise<Reply>;
/** `maxBody` raises the 1 MiB limit for a route that takes large uploads. */
export type Route = [method: string, pattern: RegExp, handler: Handler, options?: { maxBody: number }];

const MAX_BODY = 1 << 20;
/** Deeper than any request this API takes; JSON.parse itself handles depth, the code after it may not. */
const MAX_DEPTH = 32;

const REFUSAL_STATUS = { invalid: 400, not_found: 404, conflict: 409 } as const;

/** A refusal as the API says it: `field` (and Stripe's name for it, `param`) says which input. */
function refusalBody(e: Refusal) {
  const field = e.details.field;
  return { error: { code: e.code, message: e.message, ...e.details, ...(typeof field === 'string' ? { param: field } : {}) } };
}

/** Matches a request to a route: JSON in, JSON out, errors as {"error": {code, message}}. */
export async function route(routes: Route[], req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  try {
    const matches = routes.map(([method, pattern, handler, options]) => ({ method, handler, options, m: pattern.exec(path) })).filter((r) => r.m);
    if (matches.length === 0) throw new ApiError(404, 'not_found', `No route ${req.method} ${path}; see docs/api.md.`);
    const match = matches.find((r) => r.method === req.method);
    if (!match) throw new ApiError(405, 'method_not_allowed', `${path} takes ${matches.map((r) => r.method).join(', ')}.`);
    const reply = await match.handler({ method: req.method!, params: match.m!.slice(1).map(decodeParam), query, body: await readJson(req, match.options?.maxBody ?? MAX_BODY) });
    json(res, reply.status, reply.body);
  } catch (e) {
    if (e instanceof ApiError) return json(res, e.status, e.toBody());
    if (e instanceof Refusal) return json(res, REFUSAL_STATUS[e.kind], refusalBody(e));
    json(res, 500, { error: { code: 'internal', message: 'The control plane failed; see its log.' } });
    throw e;
  }
}

async function readJson(req: IncomingMessage, maxBody: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBody) throw new ApiError(413, 'too_large', `Request bodies are limited to ${maxBody} bytes.`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not JSON.');
  }
  if (depth(body) > MAX_DEPTH) throw new ApiError(400, 'invalid_json', `The request body is nested more than ${MAX_DEPTH} levels deep.`);
  return body;
}

/** How deeply a parsed value nests, counted without recursion: handlers and zod recurse, and a deep body would overflow their stack. */
function depth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    deepest = Math.max(deepest, d);
    if (deepest > MAX_DEPTH) return deepest;
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}

function decodeParam(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    throw new ApiError(400, 'invalid_path', `The path segment '${param}' holds a malformed percent-escape.`);
  }
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

export function object(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'invalid_input', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}
