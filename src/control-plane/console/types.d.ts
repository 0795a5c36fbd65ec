// The control plane's API as the console sees it (docs/api.md is the contract). Types only: the
// browser never loads this file; `tsc -p tsconfig.console.json` checks the console's modules against it.

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

export interface Connection {
  id: string;
  name: string;
  apiKey: string;
  useProxySettings: boolean;
  apiBase: string;
  agentGroup: string;
  rateLimit?: number;
  searchRateLimit?: number;
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

export interface Agent {
  id: string;
  name: string;
  group: string;
  version: string;
  connectors: Record<string, string>;
  /** The names of the files roots it declares (their folders stay on the agent). */
  roots?: string[];
  connectorError?: string | null;
  connected: boolean;
  /** Its lifecycle state as it reported it; `drained` once a drain is complete, `disconnected` when it went without saying it stopped. */
  state: 'starting' | 'connecting' | 'ready' | 'draining' | 'drained' | 'stopped' | 'failed' | 'disconnected';
  /** An operator asked it to drain and has not resumed it. */
  drainRequested: boolean;
  lastSeen: string;
  running: number;
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

export interface OperationOptions {
  /** Target writes in flight at once within one run. */
  concurrency?: number;
  /** Where an operation of files only runs. */
  agentGroup?: string;
  /** Seconds a run may take once started (default 7200). */
  timeoutS?: number;
  /** Operation ids to run after a run's success or failure. */
  onSuccess?: string;
  onFailure?: string;
  failOnRecordErrors?: boolean;
  log?: 'everything' | 'errors';
}

export interface Schedule {
  cron: string;
  timezone: string;
  enabled: boolean;
  catchUp: boolean;
}

export interface OperationDraft {
  name: string;
  source: string;
  mapping?: string | null;
  target?: string | null;
  options?: OperationOptions;
  schedule?: Schedule | null;
}

export interface Operation {
  id: string;
  name: string;
  source: string;
  mapping: string | null;
  target: string | null;
  options: OperationOptions;
  /** With the next five fire times (none while disabled). */
  schedule: (Schedule & { next: string[] }) | null;
  createdAt: string;
  updatedAt: string;
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'succeeded_with_errors' | 'failed' | 'cancelled' | 'skipped';

/** One execution of an operation: its log. Counts are null until the agent reported them. */
export interface Run {
  id: string;
  operationId: string;
  operation: string;
  trigger: 'manual' | 'api' | 'schedule' | 'action';
  /** The fire time of a scheduled run. */
  scheduledFor: string | null;
  /** The run whose end started this one (an action). */
  parentRunId: string | null;
  status: RunStatus;
  /** Why a failed run failed (timeout, cancelled…). */
  code: string | null;
  agent: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  sourceRecords: number | null;
  targetRecords: number | null;
  failedRecords: number | null;
  skippedRecords?: number | null;
  message: string;
  /** A files write: the file written, relative to its root. */
  file?: string;
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
