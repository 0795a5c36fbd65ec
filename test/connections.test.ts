import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnector } from '../src/connectors/stripe/index.js';
import { Connections } from '../src/control-plane/connections.js';
import { Sealer } from '../src/control-plane/secrets.js';
import { migrate } from '../src/db/migrate.js';

const FIRST = 'sk_test_connectionsFirstKey00000001';
const SECOND = 'sk_test_connectionsSecondKey0000002';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A control plane's connections on the store in `dir`, and how many sealed keys it has opened. */
function plane(dir: string) {
  const db = new Database(join(dir, 'control-plane.db'));
  db.pragma('journal_mode = WAL');
  migrate(db, 'control-plane');
  const sealer = Sealer.open(join(dir, 'master.key'));
  const counted = { opened: 0 };
  const open = sealer.open.bind(sealer);
  sealer.open = (sealed) => {
    counted.opened++;
    return open(sealed);
  };
  cleanups.push(() => db.close());
  return Object.assign(counted, { connections: new Connections(db, sealer, createConnector(), () => true) });
}

/** Two control planes on one store, as an operator may run them. */
function twoPlanes() {
  const dir = mkdtempSync(join(tmpdir(), 'connections-'));
  const planes = [plane(dir), plane(dir)] as const;
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return planes;
}

describe('connections', () => {
  it('dispatch carries the key saved last, whichever control plane on the store saved it, and none once the connection is gone', () => {
    const [one, other] = twoPlanes();
    const { id } = one.connections.create({ name: 'Shop', apiKey: FIRST });
    expect(one.connections.forJob(id, {}).apiKey).toBe(FIRST);
    expect(other.connections.forJob(id, {}).apiKey).toBe(FIRST);

    other.connections.update(id, { apiKey: SECOND });
    expect(one.connections.forJob(id, {}).apiKey).toBe(SECOND);
    one.connections.update(id, { name: 'Shop 2' });
    expect(other.connections.forJob(id, {}).apiKey).toBe(SECOND);

    one.connections.remove(id);
    expect(() => one.connections.forJob(id, {})).toThrow(/connection/);
    expect(() => other.connections.forJob(id, {})).toThrow(/connection/);
  });

  it('opens a sealed key once, not for every job: again only when the key was sealed anew', () => {
    const [one, other] = twoPlanes();
    const { id } = one.connections.create({ name: 'Shop', apiKey: FIRST });
    for (let i = 0; i < 3; i++) expect(one.connections.forJob(id, {}).apiKey).toBe(FIRST);
    expect(one.opened).toBe(0);
    for (let i = 0; i < 3; i++) expect(other.connections.forJob(id, {}).apiKey).toBe(FIRST);
    expect(other.opened).toBe(1);

    other.connections.update(id, { apiKey: SECOND });
    for (let i = 0; i < 3; i++) expect(one.connections.forJob(id, {}).apiKey).toBe(SECOND);
    expect(one.opened).toBe(1);
  });
});
