import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES } from '../protocol/messages.js';
import type { ProxySettings } from './proxy.js';
import { agentUrl } from './session.js';

export interface Reachability {
  ok: boolean;
  /** The agents' WebSocket URL that was tried. */
  url: string;
  /** The proxy crossed, its password masked; absent when the path is direct. */
  proxy?: string;
  /** Why the control plane cannot be used, and what to check; absent when ok. */
  reason?: string;
}

/**
 * Whether the control plane accepts this agent token, from this host along the path the agent
 * itself would take (direct, or through the proxy its settings pick for the URL). The control
 * plane authenticates the WebSocket upgrade, so an open socket is the answer; it is closed at
 * once, before any hello, so that the check registers no agent.
 */
export function checkControlPlane(controlPlane: string, token: string, proxy: ProxySettings | undefined, timeoutMs = 10_000): Promise<Reachability> {
  const url = agentUrl(controlPlane);
  const via = proxy?.describe(url);
  const base = { url, ...(via ? { proxy: via } : {}) };
  return new Promise((resolve) => {
    const ws = new WebSocket(url, {
      headers: { Authorization: `Bearer ${token}` },
      maxPayload: MAX_MESSAGE_BYTES,
      handshakeTimeout: timeoutMs,
      ...(proxy ? { agent: proxy.agent } : {}),
    });
    const done = (reason?: string) => {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(reason === undefined ? { ok: true, ...base } : { ok: false, ...base, reason: scrub(reason, proxy?.proxyFor(url)) });
    };
    ws.once('open', () => done());
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      done(refusal(res.statusCode ?? 0, via));
    });
    ws.once('error', (e: NodeJS.ErrnoException) => {
      const cause = e.code ? `${e.code}: ${e.message}` : e.message;
      done(via ? `cannot reach the control plane through the proxy ${via} (${cause}); check that the proxy is up and allows the control plane's host` : `cannot reach the control plane (${cause}); check the URL and that this host may connect to it`);
    });
  });
}

function refusal(status: number, via: string | undefined): string {
  if (status === 401) return 'the control plane refused the agent token (401 Unauthorized); use the agent token of the group this agent is to join';
  if (status === 407 && via) return `the proxy ${via} refused its credentials (407); check the proxy user and password`;
  if (status === 404) return 'there is no agent endpoint at this URL (404); check that it is the control plane\'s base URL';
  return via
    ? `the control plane or the proxy ${via} answered ${status} instead of opening the agent connection; check that the proxy allows the control plane's host`
    : `the control plane answered ${status} instead of opening the agent connection; check the URL`;
}

/** A proxy password must not reach a message, even where a library quotes the proxy URL. */
function scrub(text: string, proxyUrl: string | undefined): string {
  const password = proxyUrl ? new URL(proxyUrl).password : '';
  if (!password) return text;
  return [password, decodeURIComponent(password)].reduce((t, p) => t.split(p).join('****'), text);
}
