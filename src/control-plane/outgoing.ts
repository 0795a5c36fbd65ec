import type { WebSocket } from 'ws';
import { MAX_ACKS, MAX_MESSAGE_BYTES, MAX_SLOTS, type ControlMessage } from '../protocol/messages.js';

type Batched = 'job' | 'ack';
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

  constructor(private readonly batches: boolean) {}

  push(message: ControlMessage): void {
    this.messages.push(message);
  }

  clear(): void {
    this.messages = [];
  }

  /** The messages pushed so far, to be sent later; none remain. */
  take(): ControlMessage[] {
    const messages = this.messages;
    this.messages = [];
    return messages;
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
