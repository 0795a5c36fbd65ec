import type { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { Logger } from '../logging/logger.js';
import { AGENT_PATH, ControlMessage, MAX_MESSAGE_BYTES, parseMessage, type AgentMessage } from '../protocol/messages.js';
import { Backoff } from './backoff.js';

export interface SessionHandlers {
  /** A connection attempt begins: the first, or a reconnect after the back-off. */
  onDial(): void;
  /** The socket is open: introduce the agent. */
  onOpen(): void;
  onMessage(message: ControlMessage): void;
  onClose(): void;
  /** The control plane refused the token itself (401): retrying cannot help. */
  onUnauthorized(): void;
}

/** `http(s)://host:port` or `ws(s)://…` to the agents' WebSocket URL. */
export function agentUrl(controlPlane: string): string {
  const url = new URL(controlPlane);
  const schemes: Record<string, string> = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' };
  const scheme = schemes[url.protocol];
  if (!scheme) throw new Error(`the control plane URL '${controlPlane}' must start with http://, https://, ws:// or wss://`);
  url.protocol = scheme;
  if (url.pathname === '/' || url.pathname === '') url.pathname = AGENT_PATH;
  return url.toString();
}

/** Before the control plane named its heartbeat, a connection up this long was healthy. */
const HEALTHY_MS = 60_000;

/**
 * The agent's one WebSocket to the control plane. It dials out, never gives up (back-off with
 * full jitter, 1 s to 60 s), and closes a socket that has been silent for two heartbeat
 * intervals, since a half-open socket otherwise looks alive forever.
 */
export class ControlPlaneSession {
  private ws: WebSocket | undefined;
  private stopped = false;
  private readonly stopping = new AbortController();
  private watchdog: NodeJS.Timeout | undefined;
  private silenceMs: number;

  constructor(
    private readonly url: string,
    private readonly token: string,
    /** The proxy's HTTP agent (it sends noProxy hosts direct itself), and the proxy this URL crosses, if any. */
    private readonly proxy: { agent: Agent; label: string | undefined } | undefined,
    /** CA certificates a wss:// control plane's certificate may chain to: Node's own plus the operator's caFile. */
    private readonly ca: string[] | undefined,
    private readonly handlers: SessionHandlers,
    private readonly log: Logger,
    heartbeatMs = 10_000,
    private readonly backoff = new Backoff(1_000, 60_000, HEALTHY_MS),
  ) {
    this.silenceMs = 2 * heartbeatMs;
  }

  /** Runs until stop(): connect, serve, reconnect. */
  async run(): Promise<void> {
    while (!this.stopped) {
      await this.connectOnce();
      if (this.stopped) break;
      const delay = this.backoff.nextDelay();
      this.log.info({ delayMs: delay }, 'reconnecting to the control plane');
      await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  /**
   * The heartbeat interval the control plane asked for: silence past two of them is a dead socket,
   * and a connection up for three of them (at most a minute) was healthy. Measured in heartbeats,
   * not a fixed minute, so that a link dropped every few seconds under load is retried within a
   * second or so each time rather than backing off towards a minute while jobs wait.
   */
  setHeartbeat(ms: number): void {
    this.silenceMs = 2 * ms;
    this.backoff.healthyAfter(Math.min(HEALTHY_MS, 3 * ms));
    this.feedWatchdog();
  }

  send(message: AgentMessage): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Bytes queued on the socket and not yet sent: the flow control for search records. */
  get bufferedAmount(): number {
    return this.ws?.bufferedAmount ?? 0;
  }

  stop(): void {
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.watchdog);
    this.ws?.close(1001, 'agent stopping');
  }

  private connectOnce(): Promise<void> {
    return new Promise((resolve) => {
      this.handlers.onDial();
      const ws = new WebSocket(this.url, {
        headers: { Authorization: `Bearer ${this.token}` },
        maxPayload: MAX_MESSAGE_BYTES,
        handshakeTimeout: 15_000,
        ...(this.proxy ? { agent: this.proxy.agent } : {}),
        ...(this.ca ? { ca: this.ca } : {}),
      });
      const via = this.proxy?.label;
      this.ws = ws;
      ws.on('open', () => {
        this.backoff.connected();
        this.log.info({ url: this.url, ...(via ? { proxy: via } : {}) }, 'connected to the control plane');
        this.feedWatchdog();
        this.handlers.onOpen();
      });
      ws.on('ping', () => this.feedWatchdog());
      ws.on('message', (data) => {
        this.feedWatchdog();
        const parsed = parseMessage(ControlMessage, data.toString());
        if (!parsed.ok) return this.log.warn({ reason: parsed.reason }, 'control plane message refused');
        this.handlers.onMessage(parsed.message);
      });
      ws.on('unexpected-response', (_req, res) => {
        const why =
          res.statusCode === 401
            ? 'the agent token was refused; check --token'
            : res.statusCode === 407 && via
              ? `the proxy ${via} refused the credentials (407); check the proxy user and password`
              : via
                ? `the control plane or the proxy ${via} answered ${res.statusCode}; check that the proxy allows the control plane`
                : `the control plane answered ${res.statusCode}`;
        this.log.error({ status: res.statusCode }, `cannot connect: ${why}`);
        ws.terminate();
        if (res.statusCode === 401) this.handlers.onUnauthorized();
      });
      ws.on('error', (e) =>
        this.log.warn(
          { err: e.message, code: (e as NodeJS.ErrnoException).code, ...(via ? { proxy: via } : {}) },
          via ? `control plane connection through the proxy ${via} failed; check the proxy settings and that the proxy is up` : 'control plane connection failed',
        ),
      );
      ws.on('close', (code, reason) => {
        clearTimeout(this.watchdog);
        if (this.ws === ws) this.ws = undefined;
        this.log.info({ code, reason: reason.toString() }, 'disconnected from the control plane');
        this.handlers.onClose();
        resolve();
      });
    });
  }

  private feedWatchdog(): void {
    clearTimeout(this.watchdog);
    if (this.stopped || !this.ws) return;
    const ws = this.ws;
    this.watchdog = setTimeout(() => {
      this.log.warn({ silentMs: this.silenceMs }, 'the control plane went silent; closing the socket');
      ws.terminate();
    }, this.silenceMs);
  }
}
