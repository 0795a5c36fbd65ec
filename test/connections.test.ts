import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createConnector } from '../src/connectors/stripe/index.js';
import { Connections } from '../src/control-plane/connections.js';
import { Sealer } from '../src/control-plane/secrets.js';
import { migrate } from '../src/db/migrate.js';

const FIRST = 'sk_test_connectionsFirstKey00000001';
const SECOND = 'sk_test_connectionsSecondKey0000002';

/** Two control planes on one store, as an operator may run them, each with its own Connections. */
function twoPlanes() {
  const dir = mkdtempSync(join(tmpdir(), 'connections-'));
  const open = () => {
    const db = new Database(join(dir, 'control-plane.db'));
    db.pragma('journal_mode = WAL');
    migrate(db, 'control-plane');
    return new Connections(db, Sealer.open(join(dir, 'master.key')), createConnector(), () => true);
  };
  return [open(), open()] as const;
}

describe('connections', () => {
  it('dispatch carries the key saved last, whichever control plane on the store saved it, and none once the connection is gone', () => {
    const [one, other] = twoPlanes();
    const { id } = one.create({ name: 'Shop', apiKey: FIRST });
    expect(one.forJob(id, {}).apiKey).toBe(FIRST);
    expect(other.forJob(id, {}).apiKey).toBe(FIRST);

    other.update(id, { apiKey: SECOND });
    expect(one.forJob(id, {}).apiKey).toBe(SECOND);
    one.update(id, { name: 'Shop 2' });
    expect(other.forJob(id, {}).apiKey).toBe(SECOND);

    one.remove(id);
    expect(() => one.forJob(id, {})).toThrow(/connection/);
    expect(() => other.forJob(id, {})).toThrow(/connection/);
  });
});
