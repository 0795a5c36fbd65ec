import type { Agent } from 'node:http';
import { ProxyAgent } from 'proxy-agent';

/**
 * The HTTP agent for traffic that should cross this host's proxy, from HTTPS_PROXY, HTTP_PROXY
 * and NO_PROXY (either case), as proxy-agent reads them.
 */
export function proxyAgentFromEnvironment(): Agent {
  return new ProxyAgent();
}
