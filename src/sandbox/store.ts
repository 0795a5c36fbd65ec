import Database from 'better-sqlite3';
import { migrate } from '../db/migrate.js';

export type StripeObject = Record<string, unknown> & { id: string; object: string };

export interface StoredObject {
  seq: number;
  resource: string;
  object: StripeObject;
}

export interface IdempotentAnswer {
  fingerprint: string;
  status: number;
  body: string;
}

/**
 * The sandbox's state: SQLite in memory by default, or in a file that survives restarts.
 * One code path for both, so the in-memory sandbox the tests use is the one operators keep.
 */
export class ObjectStore {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(file = ':memory:') {
    this.db = new Database(file);
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    migrate(this.db, 'sandbox');
    const db = this.db;
    this.stmts = {
      insert: db.prepare('INSERT INTO objects (account, resource, id, body) VALUES (?, ?, ?, ?)'),
      get: db.prepare('SELECT seq, resource, body FROM objects WHERE account = ? AND id = ?'),
      replace: db.prepare('UPDATE objects SET body = ? WHERE account = ? AND id = ?'),
      remove: db.prepare('DELETE FROM objects WHERE account = ? AND id = ?'),
      newestFirst: db.prepare(
        'SELECT seq, resource, body FROM objects WHERE account = ? AND resource = ? AND seq < ? ORDER BY seq DESC',
      ),
      oldestFirst: db.prepare(
        'SELECT seq, resource, body FROM objects WHERE account = ? AND resource = ? AND seq > ? ORDER BY seq ASC',
      ),
      getAnswer: db.prepare('SELECT fingerprint, status, body FROM idempotency_keys WHERE account = ? AND key = ?'),
      putAnswer: db.prepare(
        'INSERT OR IGNORE INTO idempotency_keys (account, key, fingerprint, status, body, created) VALUES (?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  insert(account: string, resource: string, object: StripeObject): void {
    this.stmts.insert.run(account, resource, object.id, JSON.stringify(object));
  }

  get(account: string, id: string): StoredObject | undefined {
    const row = this.stmts.get.get(account, id) as Row | undefined;
    return row && fromRow(row);
  }

  replace(account: string, object: StripeObject): void {
    this.stmts.replace.run(JSON.stringify(object), account, object.id);
  }

  remove(account: string, id: string): void {
    this.stmts.remove.run(account, id);
  }

  /** Objects of one resource, newest first, starting below `beforeSeq`. Read lazily. */
  *newestFirst(account: string, resource: string, beforeSeq = Number.MAX_SAFE_INTEGER): Generator<StoredObject> {
    for (const row of this.stmts.newestFirst.iterate(account, resource, beforeSeq) as Iterable<Row>) yield fromRow(row);
  }

  /** Objects of one resource, oldest first, starting above `afterSeq`. Read lazily. */
  *oldestFirst(account: string, resource: string, afterSeq: number): Generator<StoredObject> {
    for (const row of this.stmts.oldestFirst.iterate(account, resource, afterSeq) as Iterable<Row>) yield fromRow(row);
  }

  /** Runs `fn` as one transaction: an object and the objects it changes are written together. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getAnswer(account: string, key: string): IdempotentAnswer | undefined {
    return this.stmts.getAnswer.get(account, key) as IdempotentAnswer | undefined;
  }

  putAnswer(account: string, key: string, answer: IdempotentAnswer): void {
    this.stmts.putAnswer.run(account, key, answer.fingerprint, answer.status, answer.body, Date.now());
  }

  reset(): void {
    this.db.exec('DELETE FROM objects; DELETE FROM idempotency_keys;');
  }

  close(): void {
    this.db.close();
  }
}

interface Row {
  seq: number;
  resource: string;
  body: string;
}

function fromRow(row: Row): StoredObject {
  return { seq: row.seq, resource: row.resource, object: JSON.parse(row.body) as StripeObject };
}
