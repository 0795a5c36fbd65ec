import { lookup } from 'node:dns/promises';
import { request as httpRequest, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { createConnector, type ConnectionConfig } from '../connectors/stripe/index.js';
import { connectionProxy, maskProxyPassword, type ProxySettings } from './proxy.js';

export interface Check {
  ok: boolean;
  target: string;
  what: string;
  detail: string;
}

const TIMEOUT_MS = 5_000;

/**
 * From the agent host: the path to a URL, directly (DNS, TCP, TLS, an HTTP answer) or through
 * the proxy (the proxy's DNS and TCP, then an HTTP answer through it, which proves the proxy's
 * authentication and the TLS behind it).
 */
export async function checkPath(target: string, url: string, proxy: ProxySettings | undefined, viaProxy: boolean, path: string): Promise<Check[]> {
  const u = new URL(url);
  const secure = u.protocol === 'https:' || u.protocol === 'wss:';
  const port = Number(u.port || (secure ? 443 : 80));
  const checks: Check[] = [];
  const step = async (what: string, run: () => Promise<string>): Promise<boolean> => {
    try {
      checks.push({ ok: true, target, what, detail: await run() });
      return true;
    } catch (e) {
      checks.push({ ok: false, target, what, detail: explain(e) });
      return false;
    }
  };
  const proxyUrl = viaProxy ? proxy?.proxyFor(url) : undefined;
  if (proxyUrl) {
    const p = new URL(proxyUrl);
    const label = maskProxyPassword(proxyUrl);
    const proxyPort = Number(p.port || (p.protocol === 'https:' ? 443 : 80));
    if (!(await step(`DNS of the proxy ${p.hostname}`, () => resolve(p.hostname)))) return checks;
    if (!(await step(`TCP to the proxy ${p.hostname}:${proxyPort}`, () => tcp(p.hostname, proxyPort)))) return checks;
    await step(`${u.host} through the proxy ${label}`, () => answer(url, path, proxy!.agent));
    return checks;
  }
  if (!(await step(`DNS of ${u.hostname}`, () => resolve(u.hostname)))) return checks;
  if (!(await step(`TCP to ${u.hostname}:${port}`, () => tcp(u.hostname, port)))) return checks;
  if (secure && !(await step(`TLS with ${u.hostname}`, () => tls(u.hostname, port)))) return checks;
  await step(`HTTP ${path}`, () => answer(url, path, undefined));
  return checks;
}

/** An authenticated Stripe call (the connector's Test) on the given path. */
export async function checkStripeKey(target: string, config: ConnectionConfig, proxy: ProxySettings | undefined): Promise<Check> {
  const connector = createConnector({ retry: { attempts: 1 }, timeoutMs: TIMEOUT_MS, proxyFor: connectionProxy(proxy) });
  try {
    const result = await connector.test(config);
    return { ok: true, target, what: 'authenticated Stripe call (STRIPE_API_KEY)', detail: `${result.mode} ${result.keyKind} key, ${result.latencyMs} ms` };
  } catch (e) {
    return { ok: false, target, what: 'authenticated Stripe call (STRIPE_API_KEY)', detail: explain(e) };
  }
}

async function resolve(host: string): Promise<string> {
  const { address } = await withTimeout(lookup(host), `DNS lookup of ${host}`);
  return address;
}

function tcp(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port, timeout: TIMEOUT_MS });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(Object.assign(new Error(`no answer in ${TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' }));
    });
    socket.once('error', reject);
  });
}

function tls(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, servername: host, timeout: TIMEOUT_MS });
    socket.once('secureConnect', () => {
      const subject = socket.getPeerCertificate().subject?.CN ?? 'certificate';
      socket.destroy();
      resolve(`verified (${subject})`);
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(Object.assign(new Error(`no TLS handshake in ${TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' }));
    });
    socket.once('error', reject);
  });
}

function answer(base: string, path: string, agent: Agent | undefined): Promise<string> {
  const url = new URL(path, base.replace(/^ws/, 'http'));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { agent, timeout: TIMEOUT_MS }, (res) => {
      res.resume();
      if (res.statusCode === 407) return reject(new Error('the proxy refused the credentials (407 Proxy Authentication Required); check the proxy user and password'));
      resolve(`HTTP ${res.statusCode}`);
    });
    req.once('timeout', () => req.destroy(Object.assign(new Error(`no answer in ${TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' })));
    req.once('error', reject);
    req.end();
  });
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref())]);
}

function explain(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message}` : err.message ?? String(e);
}
