import { z } from 'zod';
import { ACTIVITIES } from '../connectors/stripe/index.js';
import { MAX_ACKS, MAX_CHUNK_RECORDS, MAX_CHUNKS, MAX_MESSAGE_BYTES, MAX_SLOTS } from './limits.js';

/**
 * The WebSocket protocol between an agent and the control plane: one set of message types for
 * both ends, checked on arrival with zod (a malformed message is refused, never trusted). Its
 * version is compared with semver; docs/protocol.md is the contract.
 */
export * from './limits.js';

const id = z.string().min(1).max(200);
const json = z.record(z.string(), z.unknown());
const short = z.string().max(100);
/** Connector name → version: a handful of entries, never thousands. */
const versions = z.record(z.string().max(50), short).refine((o) => Object.keys(o).length <= 16, 'at most 16 connectors');
/** `operation`: a whole run of an operation (source → mapping → target); see ./operations.ts. */
const activity = z.enum(['test', ...ACTIVITIES, 'operation']);

export const JobError = z.object({
  code: short,
  message: z.string().max(10_000),
  retryable: z.boolean(),
  offset: z.number().int().optional(),
  stripe: json.optional(),
  /** Stripe's Retry-After, where it gave one. */
  retryAfterMs: z.number().int().min(0).optional(),
});

// Agent → control plane.
export const Hello = z.object({
  type: z.literal('hello'),
  protocol: short,
  /** Stable across restarts: the agent keeps it in its data dir. */
  agentId: id,
  name: z.string().min(1).max(200),
  version: short,
  connectors: versions,
  /** The names of the files roots it declares (never their paths): runs that need a root go only to agents that have it. */
  roots: z.array(z.string().min(1).max(64)).max(100).optional(),
  /** Jobs it runs at once: the control plane never holds more of its credit, nor renews more leases for it. */
  concurrency: z.number().int().min(1).max(MAX_SLOTS),
});
/** Asks for up to `slots` jobs: the control plane never sends more than asked. */
export const Poll = z.object({ type: z.literal('poll'), slots: z.number().int().min(1).max(MAX_SLOTS) });
/** Renews the leases of the jobs it runs. */
export const Heartbeat = z.object({ type: z.literal('heartbeat'), leases: z.array(z.object({ jobId: id, leaseId: id })).max(MAX_SLOTS) });
/** Part of a search's records, in order; `seq` counts chunks from 0. */
export const Records = z.object({ type: z.literal('records'), jobId: id, leaseId: id, seq: z.number().int().min(0).max(MAX_CHUNKS), records: z.array(json).max(MAX_CHUNK_RECORDS) });
export const Result = z.object({
  type: z.literal('result'),
  jobId: id,
  leaseId: id,
  status: z.enum(['succeeded', 'failed']),
  result: z.unknown().optional(),
  error: JobError.optional(),
  /** For a search: how many record chunks came before. */
  chunks: z.number().int().min(0).max(MAX_CHUNKS).optional(),
  connectorVersion: short,
});

/** A running operation's counts so far; best effort (not acknowledged), the latest wins, the result replaces it. */
export const Progress = z.object({
  type: z.literal('progress'),
  jobId: id,
  leaseId: id,
  sourceRecords: z.number().int().min(0),
  targetRecords: z.number().int().min(0),
  failedRecords: z.number().int().min(0),
  skippedRecords: z.number().int().min(0),
});

/** The connector versions the agent runs now, and why it refused the last one it tried, if it did. */
export const Connectors = z.object({ type: z.literal('connectors'), connectors: versions, error: z.string().max(2000).optional() });

/** A Stripe key's budget, named by the key's fingerprint (never the key). */
const budget = { key: z.string().regex(/^[0-9a-f]{8,64}$/), bucket: z.enum(['requests', 'search']) };
/**
 * What the agent wants of each key's budget it uses (requests per second), and its Stripe
 * answers by HTTP status since it started (0: no answer). Sent every refreshMs and on a new key.
 */
export const Usage = z.object({
  type: z.literal('usage'),
  wants: z.array(z.object({ ...budget, rate: z.number().min(0).max(1_000_000) })).max(1000),
  requests: z.record(z.string().regex(/^\d{1,3}$/), z.number().int().min(0)),
});

/** The agent's lifecycle state, on every change and after each welcome (see src/agent/lifecycle.ts). */
export const State = z.object({
  type: z.literal('state'),
  state: z.enum(['starting', 'connecting', 'ready', 'draining', 'stopped', 'failed']),
  /** While draining: no job runs any more and every result was acknowledged. */
  drained: z.boolean().optional(),
});

export const AgentMessage = z.discriminatedUnion('type', [State, Hello, Poll, Heartbeat, Records, Result, Connectors, Progress, Usage]);

// Control plane → agent.
export const Settings = z.object({
  heartbeatMs: z.number().int().positive(),
  leaseMs: z.number().int().positive(),
  disableAutoConnectorUpdate: z.boolean(),
});
export const Welcome = z.object({ type: z.literal('welcome'), agentId: id, group: z.string(), settings: Settings });
export const Refused = z.object({ type: z.literal('refused'), reason: z.string() });
export const Job = z.object({
  type: z.literal('job'),
  jobId: id,
  leaseId: id,
  leaseExpiresAt: z.number().int(),
  attempt: z.number().int().min(1),
  activity,
  /** The connection, API key included: it stays in the agent's memory, never in its SQLite. */
  connection: json,
  input: json,
  /** For an operation: every connection its activities use, by id, keys included (memory only, like `connection`). */
  connections: z.record(z.string(), json).optional(),
});
/** Several jobs of one dispatch, each under its own lease (protocol 1.1). */
export const Jobs = z.object({ type: z.literal('jobs'), jobs: z.array(Job.omit({ type: true })).min(1).max(MAX_SLOTS) });
/** The control plane has the result (or chunk): the agent may forget it. `accepted: false` is a fenced-off lease. */
export const Ack = z.object({ type: z.literal('ack'), jobId: id, leaseId: id, seq: z.number().int().optional(), accepted: z.boolean(), reason: z.string().optional() });
/** Every acknowledgement of one turn of the control plane's loop, in order (protocol 1.1). */
export const Acks = z.object({ type: z.literal('acks'), acks: z.array(Ack.omit({ type: true })).min(1).max(MAX_ACKS) });
export const Cancel = z.object({ type: z.literal('cancel'), jobId: id });
export const PolicyUpdate = z.object({ type: z.literal('policy'), disableAutoConnectorUpdate: z.boolean() });
/** A connection of the group was tested: look for a newer connector version now (unless the policy forbids). */
export const CheckUpdates = z.object({ type: z.literal('check-updates') });

/** An operator drains this agent (it asks for no more work and finishes what runs), or resumes it. */
export const Drain = z.object({ type: z.literal('drain') });
export const Resume = z.object({ type: z.literal('resume') });

/**
 * The agent's shares of its keys' budgets, each good for leaseMs from arrival. A share larger than
 * the one before holds only after startsInMs: until then others may still be sending at the larger
 * shares they held within Stripe's one-second window. While these shares are current, a key
 * without one waits for its share; without current shares (no word from the control plane) a key
 * is paced at fallbackShare of its limit.
 */
export const Rates = z.object({
  type: z.literal('rates'),
  leaseMs: z.number().int().positive(),
  refreshMs: z.number().int().positive(),
  fallbackShare: z.number().positive().max(1),
  grants: z.array(z.object({ ...budget, rate: z.number().positive(), startsInMs: z.number().int().min(0).max(60_000) })).max(1000),
});

export const ControlMessage = z.discriminatedUnion('type', [Welcome, Refused, Job, Jobs, Ack, Acks, Cancel, PolicyUpdate, CheckUpdates, Drain, Resume, Rates]);

export type AgentMessage = z.infer<typeof AgentMessage>;
export type ControlMessage = z.infer<typeof ControlMessage>;
export type JobMessage = z.infer<typeof Job>;
export type UsageMessage = z.infer<typeof Usage>;
export type RatesMessage = z.infer<typeof Rates>;
export type ResultMessage = z.infer<typeof Result>;
export type AckMessage = z.infer<typeof Ack>;
export type JobErrorJson = z.infer<typeof JobError>;
export type Activity = z.infer<typeof activity>;

/** Parses a frame into a message of one side, or says what is wrong with it. */
export function parseMessage<T>(schema: z.ZodType<T>, frame: string | Buffer): { ok: true; message: T } | { ok: false; reason: string } {
  const size = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length;
  if (size > MAX_MESSAGE_BYTES) return { ok: false, reason: `message of ${size} bytes is over the ${MAX_MESSAGE_BYTES}-byte limit` };
  let data: unknown;
  try {
    data = JSON.parse(frame.toString());
  } catch {
    return { ok: false, reason: 'message is not JSON' };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `message is malformed at '${issue.path.join('.') || '(root)'}': ${issue.message}` };
  }
  return { ok: true, message: parsed.data };
}
