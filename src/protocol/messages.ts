import { ACTIVITIES } from '../connectors/stripe/index.js';
import * as z from 'zod/mini';
import { count, text } from './zod.js';
import { MAX_ACKS, MAX_CHUNK_RECORDS, MAX_CHUNKS, MAX_MESSAGE_BYTES, MAX_SLOTS } from './limits.js';

/**
 * The WebSocket protocol between an agent and the control plane: one set of message types for
 * both ends, checked on arrival with zod (a malformed message is refused, never trusted). Its
 * version is compared with semver; docs/protocol.md is the contract.
 */
export * from './limits.js';

const id = text(1, 200);
const json = z.record(z.string(), z.unknown());
const short = z.string().check(z.maxLength(100));
/** Connector name → version: a handful of entries, never thousands. */
const versions = z.record(z.string().check(z.maxLength(50)), short).check(z.refine((o) => Object.keys(o).length <= 16, 'at most 16 connectors'));
/** `operation`: a whole run of an operation (source → mapping → target); see ./operations.ts. */
const activity = z.enum(['test', ...ACTIVITIES, 'operation']);

export const JobError = z.object({
  code: short,
  message: z.string().check(z.maxLength(10_000)),
  retryable: z.boolean(),
  offset: z.optional(z.int()),
  stripe: z.optional(json),
  /** Stripe's Retry-After, where it gave one. */
  retryAfterMs: z.optional(count(0)),
});

// Agent → control plane.
export const Hello = z.object({
  type: z.literal('hello'),
  protocol: short,
  /** Stable across restarts: the agent keeps it in its data dir. */
  agentId: id,
  name: text(1, 200),
  version: short,
  connectors: versions,
  /** The names of the files roots it declares (never their paths): runs that need a root go only to agents that have it. */
  roots: z.optional(z.array(text(1, 64)).check(z.maxLength(100))),
  /** Jobs it runs at once: the control plane never holds more of its credit, nor renews more leases for it than this and the welcome's prefetch. */
  concurrency: count(1, MAX_SLOTS),
});
/**
 * Asks for up to `slots` jobs: the control plane never sends more than asked. `prefetch` (1.3):
 * jobs to hold beyond the agent's slots, within the welcome's `prefetch`; the control plane
 * serves them after every free slot of the group, and marks the jobs it sends against them.
 */
export const Poll = z.object({ type: z.literal('poll'), slots: count(1, MAX_SLOTS), prefetch: z.optional(z.boolean()) });
/** Gives back a job fetched ahead that it will not start (it drains or stops, or every slot runs longer work), for the queue to hand out at once (1.3). */
export const Release = z.object({ type: z.literal('release'), jobId: id, leaseId: id });
/** Renews the leases of its jobs, running or fetched ahead. */
export const Heartbeat = z.object({ type: z.literal('heartbeat'), leases: z.array(z.object({ jobId: id, leaseId: id })).check(z.maxLength(MAX_SLOTS)) });
/** Part of a search's records, in order; `seq` counts chunks from 0. */
export const Records = z.object({ type: z.literal('records'), jobId: id, leaseId: id, seq: count(0, MAX_CHUNKS), records: z.array(json).check(z.maxLength(MAX_CHUNK_RECORDS)) });
export const Result = z.object({
  type: z.literal('result'),
  jobId: id,
  leaseId: id,
  status: z.enum(['succeeded', 'failed']),
  result: z.optional(z.unknown()),
  error: z.optional(JobError),
  /** For a search: how many record chunks came before. */
  chunks: z.optional(count(0, MAX_CHUNKS)),
  connectorVersion: short,
});

/** A running operation's counts so far; best effort (not acknowledged), the latest wins, the result replaces it. */
export const Progress = z.object({
  type: z.literal('progress'),
  jobId: id,
  leaseId: id,
  sourceRecords: count(0),
  targetRecords: count(0),
  failedRecords: count(0),
  skippedRecords: count(0),
});

/** The connector versions the agent runs now, and why it refused the last one it tried, if it did. */
export const Connectors = z.object({ type: z.literal('connectors'), connectors: versions, error: z.optional(z.string().check(z.maxLength(2000))) });

/** A Stripe key's budget, named by the key's fingerprint (never the key). */
const budget = { key: z.string().check(z.regex(/^[0-9a-f]{8,64}$/)), bucket: z.enum(['requests', 'search']) };
/**
 * What the agent wants of each key's budget it uses (requests per second), and its Stripe
 * answers by HTTP status since it started (0: no answer). Sent every refreshMs and on a new key.
 */
export const Usage = z.object({
  type: z.literal('usage'),
  wants: z.array(z.object({ ...budget, rate: z.number().check(z.minimum(0), z.maximum(1_000_000)) })).check(z.maxLength(1000)),
  requests: z.record(z.string().check(z.regex(/^\d{1,3}$/)), count(0)),
});

/** The agent's lifecycle state, on every change and after each welcome (see src/agent/lifecycle.ts). */
export const State = z.object({
  type: z.literal('state'),
  state: z.enum(['starting', 'connecting', 'ready', 'draining', 'stopped', 'failed']),
  /** While draining: no job runs any more and every result was acknowledged. */
  drained: z.optional(z.boolean()),
});

export const AgentMessage = z.discriminatedUnion('type', [State, Hello, Poll, Release, Heartbeat, Records, Result, Connectors, Progress, Usage]);

// Control plane → agent.
export const Settings = z.object({
  heartbeatMs: z.int().check(z.positive()),
  leaseMs: z.int().check(z.positive()),
  disableAutoConnectorUpdate: z.boolean(),
  /** Jobs the agent may hold beyond its concurrency, asked with `poll.prefetch` (1.3; none when absent). */
  prefetch: z.optional(count(0, MAX_SLOTS)),
});
export const Welcome = z.object({ type: z.literal('welcome'), agentId: id, group: z.string(), settings: Settings });
export const Refused = z.object({ type: z.literal('refused'), reason: z.string() });
export const Job = z.object({
  type: z.literal('job'),
  jobId: id,
  leaseId: id,
  leaseExpiresAt: z.int(),
  attempt: count(1),
  activity,
  /** The connection, API key included: it stays in the agent's memory, never in its SQLite. */
  connection: json,
  input: json,
  /** For an operation: every connection its activities use, by id, keys included (memory only, like `connection`). */
  connections: z.optional(z.record(z.string(), json)),
  /** Sent against the agent's prefetch credit, not its free slots (1.3). */
  prefetch: z.optional(z.boolean()),
});
/** Several jobs of one dispatch, each under its own lease (protocol 1.1). */
export const Jobs = z.object({ type: z.literal('jobs'), jobs: z.array(z.omit(Job, { type: true })).check(z.minLength(1), z.maxLength(MAX_SLOTS)) });
/** The control plane has the result (or chunk): the agent may forget it. `accepted: false` is a fenced-off lease. */
export const Ack = z.object({ type: z.literal('ack'), jobId: id, leaseId: id, seq: z.optional(z.int()), accepted: z.boolean(), reason: z.optional(z.string()) });
/** Every acknowledgement of one turn of the control plane's loop, in order (protocol 1.1). */
export const Acks = z.object({ type: z.literal('acks'), acks: z.array(z.omit(Ack, { type: true })).check(z.minLength(1), z.maxLength(MAX_ACKS)) });
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
  leaseMs: z.int().check(z.positive()),
  refreshMs: z.int().check(z.positive()),
  fallbackShare: z.number().check(z.positive(), z.maximum(1)),
  grants: z.array(z.object({ ...budget, rate: z.number().check(z.positive()), startsInMs: count(0, 60_000) })).check(z.maxLength(1000)),
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
export function parseMessage<T>(schema: z.ZodMiniType<T>, frame: string | Buffer): { ok: true; message: T } | { ok: false; reason: string } {
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
