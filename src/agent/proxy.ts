import { readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { ProxyAgent } from 'proxy-agent';
import type { Connection } from '../connectors/stripe/index.js';

/** The agent config file's `proxy` section. */
export interface ProxyConfig {
  /** http://, https://, socks5:// or pac+https://…, with optional user:password@. */
  url: string;
  /** Hosts that go direct: exact, `.suffix`, `*.suffix`, `host:port`, IPs, CIDR ranges; a list or a comma-separated string. */
  noProxy?: string | string[];
  /** Extra CA certificates (PEM) for a TLS-inspecting proxy, added to Node's own. */
  caFile?: string;
  /** The proxy password from a file, instead of in the URL. */
  passwordFile?: string;
  /** The proxy password from this environment variable, instead of in the URL. */
  passwordEnv?: string;
}

const SCHEMES = new Set(['http:', 'https:', 'socks:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:', 'pac+http:', 'pac+https:', 'pac+file:']);

/** Thrown for a proxy configuration that cannot work; the message says what to write instead. */
export class ProxyConfigError extends Error {
  override readonly name = 'ProxyConfigError';
}

/**
 * Where traffic goes: through the proxy, or direct for `noProxy` hosts. One HTTP agent serves
 * every destination, so the WebSocket, Stripe calls and downloads follow the same rules.
 * WebSocket URLs are looked up as their http/https equivalents: proxy-agent's own lookup keys on
 * the scheme, and a `wss://` socket would otherwise slip past HTTPS_PROXY and go direct.
 */
export class ProxySettings {
  readonly agent: Agent;

  private constructor(
    private readonly proxies: { http?: string; https?: string },
    private readonly bypass: NoProxy,
    ca: Buffer | undefined,
  ) {
    // No keepAlive: a kept-alive socket to an HTTP proxy went out without Proxy-Authorization on
    // its second request and met a 407 (the proxy tests prove both ways).
    this.agent = new ProxyAgent({
      getProxyForUrl: (url) => this.proxyFor(url) ?? '',
      ...(ca ? { ca: [...rootCertificates, ca.toString('utf8')] } : {}),
    });
  }

  /** From the config's `proxy` section, or else from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case). */
  static resolve(config: ProxyConfig | undefined, env: NodeJS.ProcessEnv = process.env): ProxySettings | undefined {
    if (config) {
      const url = withPassword(checkedUrl(config.url, 'proxy.url'), config, env);
      let ca: Buffer | undefined;
      if (config.caFile) {
        try {
          ca = readFileSync(config.caFile);
        } catch (e) {
          throw new ProxyConfigError(`proxy.caFile ${config.caFile} cannot be read: ${(e as Error).message}`);
        }
      }
      return new ProxySettings({ http: url, https: url }, new NoProxy(config.noProxy ?? ''), ca);
    }
    const https = env.HTTPS_PROXY ?? env.https_proxy;
    const http = env.HTTP_PROXY ?? env.http_proxy;
    if (!https && !http) return undefined;
    return new ProxySettings(
      {
        ...(http ? { http: checkedUrl(http, 'HTTP_PROXY') } : {}),
        ...(https ? { https: checkedUrl(https, 'HTTPS_PROXY') } : {}),
      },
      new NoProxy(env.NO_PROXY ?? env.no_proxy ?? ''),
      undefined,
    );
  }

  /** The proxy for a URL (http, https, ws or wss), or undefined when it goes direct. */
  proxyFor(target: string): string | undefined {
    const url = new URL(target);
    const secure = url.protocol === 'https:' || url.protocol === 'wss:';
    const port = Number(url.port || (secure ? 443 : 80));
    if (this.bypass.matches(url.hostname, port)) return undefined;
    return secure ? this.proxies.https : this.proxies.http;
  }

  /** The proxy a URL goes through, with its password masked, for messages and logs. */
  describe(target: string): string | undefined {
    const proxy = this.proxyFor(target);
    return proxy && maskProxyPassword(proxy);
  }
}

export function maskProxyPassword(proxy: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy)) return proxy.replace(/^([^:@/]+):[^@/]*@/, '$1:****@');
  try {
    const url = new URL(proxy);
    if (url.password) url.password = '****';
    return url.toString().replace(/\/$/, '');
  } catch {
    return proxy.replace(/:[^:@/]*@/, ':****@');
  }
}

function checkedUrl(value: string, where: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const masked = maskProxyPassword(value);
    throw new ProxyConfigError(`${where} '${masked}' has no scheme; write it as http://${masked} (or https://, socks5://, pac+https://)`);
  }
  const url = new URL(value);
  if (!SCHEMES.has(url.protocol)) {
    throw new ProxyConfigError(`${where} '${maskProxyPassword(value)}' uses ${url.protocol}, which is not a proxy scheme; use http://, https://, socks5:// or pac+https://`);
  }
  return value;
}

function withPassword(url: string, config: ProxyConfig, env: NodeJS.ProcessEnv): string {
  let password: string | undefined;
  if (config.passwordFile) {
    try {
      password = readFileSync(config.passwordFile, 'utf8').trim();
    } catch (e) {
      throw new ProxyConfigError(`proxy.passwordFile ${config.passwordFile} cannot be read: ${(e as Error).message}`);
    }
  } else if (config.passwordEnv) {
    password = env[config.passwordEnv];
    if (password === undefined) throw new ProxyConfigError(`proxy.passwordEnv names ${config.passwordEnv}, which is not set`);
  }
  if (password === undefined) return url;
  const parsed = new URL(url);
  if (!parsed.username) throw new ProxyConfigError('proxy.url needs a user name (user@host) for the password to go with');
  parsed.password = password;
  return parsed.toString();
}

/** NO_PROXY rules: exact hosts, domain suffixes, `*.` wildcards, `host:port`, IPs and CIDR ranges. */
export class NoProxy {
  private readonly everything: boolean;
  private readonly names: Array<{ host: string; port?: number; subdomains: boolean; exact: boolean }> = [];
  private readonly ranges = new BlockList();

  constructor(spec: string | string[]) {
    const entries = (Array.isArray(spec) ? spec : spec.split(/[,\s]+/)).map((e) => e.trim().toLowerCase()).filter(Boolean);
    this.everything = entries.includes('*');
    for (const entry of entries) {
      const cidr = /^([0-9a-f:.]+)\/(\d{1,3})$/.exec(entry);
      if (cidr) {
        const family = isIP(cidr[1]!) === 6 ? 'ipv6' : 'ipv4';
        this.ranges.addSubnet(cidr[1]!, Number(cidr[2]), family);
        continue;
      }
      const portMatch = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''))!;
      const host = portMatch[1]!;
      const port = portMatch[2] ? Number(portMatch[2]) : undefined;
      if (isIP(host)) {
        this.names.push({ host, port, subdomains: false, exact: true });
      } else if (host.startsWith('*.')) {
        this.names.push({ host: host.slice(2), port, subdomains: true, exact: false });
      } else if (host.startsWith('.')) {
        this.names.push({ host: host.slice(1), port, subdomains: true, exact: true });
      } else {
        // As curl reads NO_PROXY: a bare domain covers its subdomains too.
        this.names.push({ host, port, subdomains: true, exact: true });
      }
    }
  }

  matches(hostname: string, port: number): boolean {
    if (this.everything) return true;
    const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const family = isIP(host);
    if (family && this.ranges.check(host, family === 6 ? 'ipv6' : 'ipv4')) return true;
    return this.names.some(
      (rule) =>
        (rule.port === undefined || rule.port === port) &&
        ((rule.exact && host === rule.host) || (rule.subdomains && host.endsWith(`.${rule.host}`))),
    );
  }
}

/** The connector's view: a connection's Stripe traffic crosses the proxy only when it asks to. */
export function connectionProxy(settings: ProxySettings | undefined) {
  return (connection: Connection): { agent: Agent; label: string } | undefined => {
    if (!settings || !connection.useProxySettings) return undefined;
    const label = settings.describe(connection.apiBase);
    return label ? { agent: settings.agent, label } : undefined;
  };
}
