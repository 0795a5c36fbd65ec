/**
 * The protocol's version and bounds, apart from its message schemas (./messages.ts, which
 * re-exports them): what a command's options need, without loading zod.
 */
export const PROTOCOL_VERSION = '1.3.0';

/** From this version on a peer takes `jobs` and `acks` (several per message); an older one gets `job` and `ack`. */
export const BATCHES_SINCE = '1.1.0';

/** From this version on an agent reads no more of a source than a sample asks (`sample`); an older one is leased no samples. */
export const SAMPLES_SINCE = '1.2.0';

/** Where agents connect on the control plane. */
export const AGENT_PATH = '/api/v1/agent/connect';

/** Largest frame either end accepts; search results travel in chunks well below it. */
export const MAX_MESSAGE_BYTES = 1 << 20;

/** Most jobs an agent may run at once; every list and count an agent sends is bounded by it or by the frame. */
export const MAX_SLOTS = 256;
/** Records in one chunk of a search (the agent fills a chunk up to CHUNK_BYTES), and chunks in one search. */
export const MAX_CHUNK_RECORDS = 1000;
export const MAX_CHUNKS = 1_000_000;
/** Bytes of records the agent puts in one chunk: a quarter of a frame, so a chunk always fits. */
export const CHUNK_BYTES = 256 * 1024;
/** Acknowledgements in one `acks` message. */
export const MAX_ACKS = 1000;
