// The control plane's API as the console sees it (docs/api.md is the contract). Types only: the
// browser never loads this file; `tsc -p tsconfig.console.json` checks the console's modules against it.
//
// The answers the server builds are defined once, in ../views.ts and the schemas it imports, and
// taken from there; what is here is what only the console spells out (drafts, refusals, pages).

import type { OperationOptions } from '../../protocol/operations.js';
import type { Schedule } from '../scheduler/cron.js';
import type { AgentView, ConnectionView, Operation as OperationView, RunView } from '../views.js';

export type { OperationOptions, Schedule };
export type { RunStatus } from '../views.js';
export type Connection = ConnectionView;
export type Agent = AgentView;
export type Operation = OperationView;
/** One execution of an operation: its log. Counts are null until the agent reported them. */
export type Run = RunView;

/** The body of every refusal: `{"error": ApiErrorBody}`. `field` (or Stripe's `param`) names the input at fault. */
export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
  param?: string;
  /** A search query's character at fault. */
  offset?: number;
  /** A JSONata expression's character at fault. */
  position?: number;
  /** For a mapping that failed on a preview record: which one. */
  index?: number;
  jobs?: string[];
  operations?: string[];
  activities?: string[];
}

export interface ConnectionDraft {
  name: string;
  apiKey?: string;
  useProxySettings: boolean;
  apiBase: string;
  agentGroup: string;
  /** null: back to Stripe's limit. */
  rateLimit?: number | null;
  searchRateLimit?: number | null;
}

export interface AgentGroup {
  name: string;
  createdAt: string;
}

export interface Policy {
  disableAutoConnectorUpdate: boolean;
}

export type ActivityKind = 'search' | 'read' | 'create' | 'update' | 'delete';

export interface CatalogSummary {
  object: string;
  activities: ActivityKind[];
  searchable: boolean;
}

export interface CatalogEntry extends CatalogSummary {
  searchFields?: Record<string, string>;
  requestSchema: { create?: unknown; update?: unknown };
  responseSchema?: unknown;
}

export type QueryCheck = { ok: true } | { ok: false; error: ApiErrorBody };

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  connectionId: string;
  status: JobStatus;
  activity: string;
  object?: string;
  result?: any;
  error?: { code: string; message: string };
  agent?: string;
  connectorVersion?: string;
  attempts: number;
  createdAt: string;
  finishedAt?: string;
  /** While a run or a sample is queued: what it waits for. */
  message?: string;
}

export interface RecordPage {
  records: Record<string, unknown>[];
  next: number | string | null;
}

/** A saved activity: one of a Stripe connection, or of the agent's local files. */
export type SavedActivity = (StripeActivity | FilesActivity) & { id: string; createdAt: string; updatedAt: string };

export interface StripeActivity {
  name: string;
  type: 'stripe';
  connectionId: string;
  activity: ActivityKind;
  object: string;
  query?: string;
  /** For a read: the Stripe object's id (the saved activity's own id is `id`). */
  objectId?: string;
  maxResults?: number;
}

export type FileFormat = 'csv' | 'ndjson' | 'json';

export interface FilesActivity {
  name: string;
  type: 'files';
  activity: 'read' | 'write';
  root: string;
  pattern?: string;
  path?: string;
  format: FileFormat;
  afterRead?: 'keep' | 'archive' | 'delete';
}

export interface OperationDraft {
  name: string;
  source: string;
  mapping?: string | null;
  target?: string | null;
  options?: OperationOptions;
  schedule?: Schedule | null;
}

/** A record that failed: its position in the source and its id, never its contents. */
export interface RunError {
  index: number;
  recordId?: string;
  code: string;
  message: string;
  /** A mapping error's character in the expression. */
  position?: number;
  /** The parameter Stripe named. */
  param?: string;
}

export interface RunErrorPage {
  errors: RunError[];
  next: number | string | null;
}

export interface MappingPreview {
  results: unknown[];
}

/** What `h()` takes as children: nodes, text, nothing, or lists of them. */
export type Child = Node | string | number | false | null | undefined | Child[];
