import type { WebSocket } from 'ws';
import { MAX_ACKS, MAX_MESSAGE_BYTES, MAX_SLOTS, type ControlMessage } from '../protocol/messages.js';

type Batched = 'job' | 'ack';
/**
 * Activities that change nothing, in Stripe or in an agent's files: such a job may run while its
 * enqueue is still being synced, since a power cut that loses the job loses nothing it did.
 */
const CHANGES_NOTHING = new Set(['read', 'search', 'test']);
const BATCH = { job: { type: 'jobs', list: 'jobs', most: MAX_SLOTS }, ack: { type: 'acks', list: 'acks', most: MAX_ACKS } } as const;
/** Room in a frame for what wraps the list. */
const FRAME_BYTES = MAX_MESSAGE_BYTES - 64;

/**
 * The messages for one agent in one turn, sent together once the turn is on disk. To an agent
 * of protocol 1.1 or later, jobs that follow one another go as one `jobs` message and acks as one
 * `acks` message (each within a frame); an older agent gets them one by one, as before.
 */
export class Outgoing {
  private messages: ControlMessage[] = [];
  /** Messages taken or held, other than acks, and not sent yet: no job goes ahead of them. */
  private unsent = 0;

  constructor(private readonly batches: boolean) {}

  push(message: ControlMessage): void {
    this.messages.push(message);
  }

  clear(): void {
    this.messages = [];
  }

  /**
   * The messages pushed so far, none remaining. Jobs that change nothing may go `ahead`, now:
   * they need no sync, and an agent takes a job and an ack in either order. The `rest` go in
   * order, with `release`, once the turn is on disk. A job that comes after any of them other
   * than an ack stays behind it: a welcome or a cancel must reach the agent before what follows.
   */
  take(): { ahead: ControlMessage[]; rest: ControlMessage[] } {
    const messages = this.messages;
    this.messages = [];
    const ahead: ControlMessage[] = [];
    const rest: ControlMessage[] = [];
    for (const message of messages) {
      if (message.type === 'job' && this.unsent === 0 && CHANGES_NOTHING.has(message.activity)) {
        ahead.push(message);
        continue;
      }
      rest.push(message);
      if (message.type !== 'ack') this.unsent++;
    }
    return { ahead, rest };
  }

  /** A message outside a turn, to `release` in order with the rest. */
  hold(message: ControlMessage): ControlMessage[] {
    if (message.type !== 'ack') this.unsent++;
    return [message];
  }

  /** Sends what `take` or `hold` kept in order. */
  release(ws: WebSocket, rest: ControlMessage[]): void {
    for (const message of rest) if (message.type !== 'ack') this.unsent--;
    this.send(ws, rest);
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
