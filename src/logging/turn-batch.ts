import type { DestinationStream } from 'pino';

/** pino's numeric level of `warn`. */
const WARN = 40;
/** Held bytes that go out at once, mid-turn: a turn that logs a flood holds no more than this. */
const MAX_HELD = 64 * 1024;

/** pino sets `lastLevel` before each write to a destination that carries this. */
const NEEDS_METADATA: unique symbol = Symbol.for('pino.metadata');

const open = new Set<TurnBatch>();
process.on('exit', () => {
  for (const batch of open) batch.exiting();
});

/**
 * A pino destination that writes the lines logged in one turn of the event loop together, from an
 * immediate queued behind those the turn queued before its first line. A job's info lines are
 * written after its Stripe request has gone out, and after its commit and its poll for more work;
 * jobs ending in one turn share one write. A warning or worse goes out at once, with every line
 * held before it, and so does everything held when the process exits, however it exits; after
 * that, lines go straight through. What a kill -9 can take is the info lines of the turn it lands in.
 */
export class TurnBatch {
  readonly [NEEDS_METADATA] = true;
  lastLevel = 0;
  private held: string[] = [];
  private bytes = 0;
  private scheduled = false;
  private direct = false;

  constructor(private readonly out: DestinationStream) {
    open.add(this);
  }

  write(line: string): void {
    this.held.push(line);
    this.bytes += line.length;
    if (this.direct || this.lastLevel >= WARN || this.bytes >= MAX_HELD) return this.flush();
    if (this.scheduled) return;
    this.scheduled = true;
    // After the turn, behind the immediates it queued before this line (a job's commit and poll).
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** The process is exiting: what is held goes out now, and every later line at once. */
  exiting(): void {
    this.direct = true;
    this.flush();
  }

  private flush(): void {
    if (this.held.length === 0) return;
    const text = this.held.join('');
    this.held = [];
    this.bytes = 0;
    this.out.write(text);
  }
}
