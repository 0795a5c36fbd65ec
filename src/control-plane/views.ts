// The API's answers, as types only. The server builds them; the web console reads them, since
// tsconfig.console.json imports this file. So it declares and imports only types that need no
// Node.js (the protocol's zod schemas, the cron schedule), never a module with a database or a socket.

import type { OperationOptions } from '../protocol/operations.js';
import type { Schedule } from './scheduler/cron.js';

/** A connection as the API shows it: the key masked to its kind and last four characters. */
export interface ConnectionView {
  id: string;
  name: string;
  apiKey: string;
  useProxySettings: boolean;
  apiBase: string;
  agentGroup: string;
  /** Set where Stripe raised the account's limits; absent means Stripe's (100/s live, 25/s test). */
  rateLimit?: number;
  searchRateLimit?: number;
  createdAt: string;
  updatedAt: string;
}

/** An agent's state as the agents list shows it: its lifecycle state, `drained`, or `disconnected`. */
export type AgentListedState = 'starting' | 'connecting' | 'ready' | 'draining' | 'drained' | 'stopped' | 'failed' | 'disconnected';

export interface AgentIntro {
  id: string;
  name: string;
  group: string;
  version: string;
  connectors: Record<string, string>;
  /** The names of the files roots it declares. */
  roots?: string[];
}

export interface AgentView extends AgentIntro {
  /** Why the agent refused the last connector version it tried. */
  connectorError: string | null;
  connected: boolean;
  /** Its lifecycle state as it reported it while connected (`drained` once a drain is complete); `disconnected` when it went without saying it stopped. */
  state: AgentListedState;
  /** An operator asked it to drain and has not resumed it. */
  drainRequested: boolean;
  lastSeen: string;
  running: number;
  /** Stripe's answers to this agent by HTTP status since it started ("0": no answer), as it last reported. */
  stripeRequests: Record<string, number>;
}

export interface Operation {
  id: string;
  name: string;
  source: string;
  mapping: string | null;
  target: string | null;
  options: OperationOptions;
  /** With the next fire times (ISO 8601 with the zone's offset), none while disabled. */
  schedule: (Schedule & { next: string[] }) | null;
  createdAt: string;
  updatedAt: string;
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'succeeded_with_errors' | 'failed' | 'cancelled' | 'skipped';
export type Trigger = 'manual' | 'api' | 'schedule' | 'action';

export interface RunView {
  id: string;
  operationId: string;
  operation: string;
  trigger: Trigger;
  /** The fire time a scheduled run is for. */
  scheduledFor: string | null;
  /** The run whose end started this one (an action). */
  parentRunId: string | null;
  status: RunStatus;
  agent: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  sourceRecords: number | null;
  targetRecords: number | null;
  failedRecords: number | null;
  skippedRecords: number | null;
  /** What happened, or while queued, what it waits for. */
  message: string;
  /** Why a failed run failed, as a code (timeout, cancelled, invalid_input…); null otherwise. */
  code: string | null;
  file?: string;
}
