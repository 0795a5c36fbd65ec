import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import qs from 'qs';
import { authenticate } from './auth.js';
import { DEFAULT_PORT } from './defaults.js';
import { errors, StripeApiError } from './errors.js';
import { expand } from './expand.js';
import { Faults } from './faults.js';
import { list, search } from './listing.js';
import { isRecord, validate, type Params } from './params.js';
import { RESOURCES, type ResourceSpec } from './resources/index.js';
import { applyFields, Ctx, fillDeclared, requestSchema } from './resources/resource.js';
import { ObjectStore } from './store.js';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** SQLite file that keeps state across restarts; in memory when absent. */
  stateFile?: string;
  /** Told of every /v1 request once it is answered (or dropped): for access logs and tests. */
  onRequest?: (request: RequestRecord) => void;
}

export interface RequestRecord {
  method: string;
  path: string;
  /** 0 when the connection was dropped without an answer. */
  status: number;
}

export { DEFAULT_PORT };
const API_VERSION = '2026-10-28.endive';
const MAX_BODY_BYTES = 1 << 20;
const ROUTE = /^\/v1\/([a-z_]+)(?:\/([^/]+))?(?:\/([a-z_]+))?\/?$/;

interface Answer {
  status: number;
  body: unknown;
  /** Set when the answer is the stored one of an earlier request with the same Idempotency-Key. */
  replayed?: boolean;
}

/** An offline, stateful server that answers Stripe's v1 API as Stripe does, for tests and trials. */
export class Sandbox {
  readonly faults = new Faults();

  private constructor(
    private readonly server: Server,
    readonly store: ObjectStore,
    readonly url: string,
    private readonly onRequest: (request: RequestRecord) => void,
  ) {}

  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    const store = new ObjectStore(options.stateFile);
    let sandbox: Sandbox | undefined;
    const server = createServer((req, res) => {
      sandbox!.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) send(res, 500, { error: { type: 'api_error', message: `Sandbox failure: ${String(e)}` } });
      });
    });
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    sandbox = new Sandbox(server, store, `http://${host.includes(':') ? `[${host}]` : host}:${port}`, options.onRequest ?? (() => {}));
    return sandbox;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.store.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Stripe counts a request toward its rate limit when it arrives; the latency is its answer's.
    const arrived = Date.now();
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    if (raw === undefined) return send(res, 413, errors.invalid(`Request bodies are limited to ${MAX_BODY_BYTES} bytes.`).toBody());
    if (url.pathname.startsWith('/_sandbox/')) return this.control(method, url.pathname, raw, res);
    if (!url.pathname.startsWith('/v1/')) return sendError(res, errors.unrecognizedUrl(method, url.pathname));

    res.once('close', () => this.onRequest({ method, path: url.pathname, status: res.writableFinished ? res.statusCode : 0 }));
    const account = authenticate(req.headers.authorization);
    if (account instanceof StripeApiError) return sendError(res, account);

    const { latencyMs } = this.faults.current;
    if (latencyMs > 0) await sleep(latencyMs);
    const fault = this.faults.next(account, arrived);
    if (fault === 'drop') return void req.socket.destroy();
    if (fault === 'error') return sendError(res, errors.internal());
    if (fault === 'rate_limit' || fault === 'rate_limit_final') {
      const { retryAfter } = this.faults.current;
      return sendError(res, errors.rateLimited(), {
        ...(retryAfter > 0 ? { 'Retry-After': String(retryAfter) } : {}),
        ...(fault === 'rate_limit_final' ? { 'Stripe-Should-Retry': 'false' } : {}),
      });
    }

    const type = req.headers['content-type'] ?? '';
    if (raw.length > 0 && !type.startsWith('application/x-www-form-urlencoded')) {
      return sendError(
        res,
        errors.invalid(`Request bodies must be form-encoded (application/x-www-form-urlencoded), as Stripe's v1 API takes them; this one is '${type}'.`),
      );
    }
    const params: Params = { ...parseForm(url.search.slice(1)), ...parseForm(raw) };
    const key = method === 'POST' ? header(req, 'idempotency-key') : undefined;
    const answer = key === undefined ? this.route(method, url.pathname, params, account) : this.idempotent(key, method, url.pathname, params, account);
    const headers: Record<string, string> = {};
    if (key !== undefined) headers['Idempotency-Key'] = key;
    if (answer.replayed) headers['Idempotent-Replayed'] = 'true';
    if (fault === 'drop_response') return void req.socket.destroy();
    res.setHeader('Stripe-Version', header(req, 'stripe-version') ?? API_VERSION);
    send(res, answer.status, answer.body, headers);
  }

  /** Replays the first answer to a key used again with the same request; refuses it with another. */
  private idempotent(key: string, method: string, path: string, params: Params, account: string): Answer {
    const fingerprint = createHash('sha256').update(`${method} ${path} ${stableJson(params)}`).digest('hex');
    const previous = this.store.getAnswer(account, key);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        return errorAnswer(
          new StripeApiError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          ),
        );
      }
      return { status: previous.status, body: JSON.parse(previous.body), replayed: true };
    }
    const answer = this.route(method, path, params, account);
    // As at Stripe, only requests that ran are remembered; a refused one may be retried with the same key.
    if (answer.status === 200 || answer.status === 402) {
      this.store.putAnswer(account, key, { fingerprint, status: answer.status, body: JSON.stringify(answer.body) });
    }
    return answer;
  }

  private route(method: string, path: string, params: Params, account: string): Answer {
    const ctx = new Ctx(this.store, account);
    try {
      const m = ROUTE.exec(path);
      const spec = m && RESOURCES.get(m[1]!);
      if (!m || !spec) throw errors.unrecognizedUrl(method, path);
      const [, , id, action] = m;
      const outcome = this.store.transaction(() => {
        try {
          return dispatch(spec, method, id, action, params, ctx);
        } catch (e) {
          if (e instanceof StripeApiError && e.status === 402) return e;
          throw e;
        }
      });
      if (outcome instanceof StripeApiError) throw outcome;
      const body = outcome;
      expand(body, (params.expand as string[] | undefined) ?? [], ctx);
      return { status: 200, body };
    } catch (e) {
      if (e instanceof StripeApiError) return errorAnswer(e);
      throw e;
    }
  }

  private control(method: string, path: string, raw: string, res: ServerResponse): void {
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /_sandbox/health':
        return send(res, 200, { ok: true });
      case 'GET /_sandbox/faults':
        return send(res, 200, this.faults.current);
      case 'POST /_sandbox/faults': {
        let input: unknown;
        try {
          input = raw.trim().startsWith('{') ? JSON.parse(raw) : parseForm(raw);
        } catch {
          return send(res, 400, { error: { message: 'The faults body is not valid JSON.' } });
        }
        try {
          return send(res, 200, this.faults.set(isRecord(input) ? input : {}));
        } catch (e) {
          return send(res, 400, { error: { message: (e as Error).message } });
        }
      }
      case 'DELETE /_sandbox/faults':
        this.faults.clear();
        return send(res, 200, this.faults.current);
      case 'POST /_sandbox/reset':
        this.store.reset();
        this.faults.clear();
        return send(res, 200, { reset: true });
      default:
        return send(res, 404, {
          error: {
            message: `Unknown sandbox control route ${route}. The routes are GET /_sandbox/health, GET|POST|DELETE /_sandbox/faults and POST /_sandbox/reset.`,
          },
        });
    }
  }
}

/**
 * Runs one API call inside a transaction. A card decline still commits (Stripe keeps the failed
 * charge) by coming back as a value; every other error rolls the call back.
 */
function dispatch(spec: ResourceSpec, method: string, id: string | undefined, action: string | undefined, params: Params, ctx: Ctx): Record<string, unknown> {
  if (id === undefined) {
    if (method === 'GET') return list(spec, params, ctx) as unknown as Record<string, unknown>;
    if (method === 'POST') {
      const valid = validate(requestSchema(spec, 'POST '), params);
      const object = fillDeclared(spec.create(valid, ctx), valid);
      ctx.put(spec, object);
      return object;
    }
  } else if (id === 'search' && action === undefined && method === 'GET') {
    return search(spec, params, ctx) as unknown as Record<string, unknown>;
  } else if (action === undefined) {
    if (method === 'GET') {
      validate(requestSchema(spec, 'GET /{}'), params);
      return ctx.find(spec, id);
    }
    if (method === 'POST') {
      const object = ctx.find(spec, id);
      const valid = validate(requestSchema(spec, 'POST /{}'), params);
      const updated = (spec.update ?? applyFields)(object, valid, ctx);
      ctx.save(updated);
      return updated;
    }
    if (method === 'DELETE' && spec.del) {
      validate(requestSchema(spec, 'DELETE /{}'), params);
      const result = spec.del(ctx.find(spec, id), ctx);
      if (result.deleted === true) ctx.store.remove(ctx.account, id);
      else ctx.save(result);
      return result;
    }
  } else if (method === 'POST' && spec.actions?.[action]) {
    const act = spec.actions[action]!;
    const object = ctx.find(spec, id);
    const result = act.run(object, validate(requestSchema(spec, `POST /{}/${action}`), params), ctx);
    ctx.save(result);
    return result;
  }
  throw errors.unrecognizedUrl(method, `/v1/${[spec.path, id, action].filter(Boolean).join('/')}`);
}

function parseForm(text: string): Params {
  // Stripe's encoding: a[b]=c for hashes, a[]=x and a[0][b]=y for lists.
  return qs.parse(text, { depth: 10, arrayLimit: 1000, parameterLimit: 10_000, allowPrototypes: false }) as Params;
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function errorAnswer(e: StripeApiError): Answer {
  return { status: e.status, body: e.toBody() };
}

function sendError(res: ServerResponse, e: StripeApiError, headers: Record<string, string> = {}): void {
  send(res, e.status, e.toBody(), headers);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Request-Id': `req_${randomBytes(10).toString('base64url')}`,
    ...headers,
  });
  res.end(text);
}

/** JSON with keys sorted at every level, so equal parameters fingerprint equally. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
