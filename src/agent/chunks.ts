import { setTimeout as sleep } from 'node:timers/promises';
import { CHUNK_BYTES, MAX_CHUNK_RECORDS } from '../protocol/messages.js';
import type { Outbox } from './outbox.js';

/** Past this many bytes queued on the socket, a stream of records waits for the socket to drain. */
const HIGH_WATER_BYTES = 1 << 20;

export interface ChunkChannel {
  /** Sends under the job's current lease when connected; what is not sent now goes out from the outbox after a reconnect. */
  sendRecords(seq: number, records: Record<string, unknown>[]): void;
  bufferedAmount(): number;
}

/**
 * A job's records on their way up, in chunks sized by bytes (CHUNK_BYTES, at most
 * MAX_CHUNK_RECORDS records): small records make few messages, big ones never overflow a frame.
 * Each chunk goes to the outbox, then to the socket once it has room.
 */
export class RecordChunks {
  private chunk: Record<string, unknown>[] = [];
  private texts: string[] = [];
  private bytes = 0;
  private seq = 0;

  constructor(
    private readonly jobId: string,
    private readonly outbox: Outbox,
    private readonly channel: ChunkChannel,
    private readonly signal: AbortSignal,
  ) {}

  async push(record: Record<string, unknown>): Promise<void> {
    const text = JSON.stringify(record);
    this.chunk.push(record);
    this.texts.push(text);
    this.bytes += text.length + 1;
    if (this.bytes >= CHUNK_BYTES || this.chunk.length === MAX_CHUNK_RECORDS) await this.flush();
  }

  /** Sends what is left; returns how many chunks were sent in all. */
  async end(): Promise<number> {
    if (this.chunk.length > 0) await this.flush();
    return this.seq;
  }

  private async flush(): Promise<void> {
    const { chunk, seq } = this;
    this.outbox.addRecords(this.jobId, seq, `[${this.texts.join(',')}]`);
    this.chunk = [];
    this.texts = [];
    this.bytes = 0;
    this.seq++;
    while (this.channel.bufferedAmount() > HIGH_WATER_BYTES && !this.signal.aborted) await sleep(10);
    this.channel.sendRecords(seq, chunk);
  }
}
