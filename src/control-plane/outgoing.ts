import type { WebSocket } from 'ws';
import { MAX_ACKS, MAX_MESSAGE_BYTES, MAX_SLOTS, type ControlMessage } from '../protocol/messages.js';

type Batched = 'job' | 'ack';
/**
 * Activities that change nothing in Stripe or in a files root: such a job may run while its
 * enqueue is still being synced, since a power cut that loses the job loses nothing it did.
 */
const CHANGES_NOTHING = new Set(['read', 'search', 'test']);
const BATCH = { job: { type: 'jobs', list: 'jobs', most: MAX_SLOTS }, ack: { type: 'acks', list: 'acks', most: MAX_ACKS } } as const;
/** Room in a frame for what wraps the list. */
const FRAME_BYTES = MAX_MESSAGE_BYTES - 64;

/**
 * The messages for one agent in one turn, sent together once the turn is on disk, but for the
 * jobs that may go ahead (`take`). To an agent of protocol 1.1 or later, jobs that follow one
 * another go as one `jobs` message and acks as one `acks` message (each within a frame); an older
 * agent gets them one by one, as before.
 */
export class Outgoing {
  private messages: ControlMessage[] = [];
  /** Messages taken or held, other than acks, and not sent yet: no job goes ahead of them. */
  private unsent = 0;
  /** Jobs with an ack taken and not sent yet: that job, under a new lease, does not go ahead of it. */
  private readonly acking = new Map<string, number>();

  constructor(private readonly batches: boolean) {}

  push(message: ControlMessage): void {
    this.messages.push(message);
  }

  clear(): void {
    this.messages = [];
  }

  /**
   * The messages pushed so far, none remaining. Jobs that change nothing may go `ahead`, now:
   * they need no sync, and an agent takes a job and another job's ack in either order. The `rest`
   * go in order, with `release`, once the turn is on disk. A job that comes after any of them
   * other than an ack stays behind it, as a welcome or a cancel must reach the agent before what
   * follows, and so does a job behind an ack of its own (an earlier lease's result or chunk).
   */
  take(): { ahead: ControlMessage[]; rest: ControlMessage[] } {
    const messages = this.messages;
    this.messages = [];
    const ahead: ControlMessage[] = [];
    const rest: ControlMessage[] = [];
    for (const message of messages) {
      if (message.type === 'job' && this.unsent === 0 && !this.acking.has(message.jobId) && CHANGES_NOTHING.has(message.activity)) {
        ahead.push(message);
        continue;
      }
      rest.push(message);
      this.keep(message, 1);
    }
    return { ahead, rest };
  }

  /** A message outside a turn, to `release` in order with the rest. */
  hold(message: ControlMessage): ControlMessage[] {
    this.keep(message, 1);
    return [message];
  }

  /** Sends what `take` or `hold` kept in order. */
  release(ws: WebSocket, rest: ControlMessage[]): void {
    for (const message of rest) this.keep(message, -1);
    this.send(ws, rest);
  }

  /** Counts a message kept back for `release` (+1), or released (-1). */
  private keep(message: ControlMessage, by: 1 | -1): void {
    if (message.type !== 'ack') return void (this.unsent += by);
    const count = (this.acking.get(message.jobId) ?? 0) + by;
    if (count === 0) this.acking.delete(message.jobId);
    else this.acking.set(message.jobId, count);
  }

  send(ws: WebSocket, messages: ControlMessage[]): void {
    if (messages.length === 0 || ws.readyState !== ws.OPEN) return;
    let run: { kind: Batched; items: string[]; bytes: number } | undefined;
    const end = () => {
      if (!run) return;
      const { type, list } = BATCH[run.kind];
      ws.send(`{"type":"${type}","${list}":[${run.items.join(',')}]}`);
      run = undefined;
    };
    for (const message of messages) {
      const kind = this.batches && (message.type === 'job' || message.type === 'ack') ? message.type : undefined;
      if (!kind) {
        end();
        ws.send(JSON.stringify(message));
        continue;
      }
      const { type: _type, ...item } = message;
      const text = JSON.stringify(item);
      if (run && (run.kind !== kind || run.items.length === BATCH[kind].most || run.bytes + Buffer.byteLength(text) + 1 > FRAME_BYTES)) end();
      run ??= { kind, items: [], bytes: 0 };
      run.items.push(text);
      run.bytes += Buffer.byteLength(text) + 1;
    }
    end();
  }
}
