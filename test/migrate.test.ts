import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate.js';

describe('migrations', () => {
  it('applies numbered files in order, once, and records them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(dir, '002_add_b.sql'), 'ALTER TABLE t ADD COLUMN b TEXT;');
    writeFileSync(join(dir, '001_create_t.sql'), 'CREATE TABLE t (a TEXT);');
    const db = new Database(join(dir, 'test.db'));
    expect(migrate(db, 'sandbox', dir)).toEqual([1, 2]);
    expect(migrate(db, 'sandbox', dir)).toEqual([]);
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1, name: '001_create_t.sql' },
      { version: 2, name: '002_add_b.sql' },
    ]);
    writeFileSync(join(dir, '003_add_c.sql'), 'ALTER TABLE t ADD COLUMN c TEXT;');
    expect(migrate(db, 'sandbox', dir)).toEqual([3]);
    db.close();
  });

  it('rolls back a failing migration whole and names the bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE t (a TEXT);');
    writeFileSync(join(dir, '002_broken.sql'), 'CREATE TABLE u (a TEXT); THIS IS NOT SQL;');
    const db = new Database(':memory:');
    expect(() => migrate(db, 'sandbox', dir)).toThrow(/syntax error/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'u'").all()).toEqual([]);
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);

    writeFileSync(join(dir, '3_bad_name.sql'), '');
    const other = new Database(':memory:');
    expect(() => migrate(other, 'sandbox', dir)).toThrow(/3_bad_name.sql is not named NNN_name.sql/);
  });

  it("renames a saved Stripe read's object id from id to objectId, leaving other activities alone", () => {
    const released = mkdtempSync(join(tmpdir(), 'migrations-'));
    for (const f of readdirSync('migrations/control-plane').filter((f) => f < '031')) copyFileSync(join('migrations/control-plane', f), join(released, f));
    const db = new Database(':memory:');
    migrate(db, 'control-plane', released);
    const insert = db.prepare('INSERT INTO activities (id, name, definition, created_at, updated_at) VALUES (?, ?, ?, 0, 0)');
    insert.run('act_read', 'Read', JSON.stringify({ name: 'Read', type: 'stripe', connectionId: 'c', activity: 'read', object: 'customers', id: 'cus_1' }));
    insert.run('act_files', 'Files', JSON.stringify({ name: 'Files', type: 'files', activity: 'read', root: 'r', pattern: '*.csv', format: 'csv' }));
    const source = { type: 'stripe', activity: 'read', object: 'customers', connectionId: 'c', name: 'Read', id: 'cus_1' };
    db.prepare("INSERT INTO jobs (id, connection_id, agent_group, activity, input, status, created_at) VALUES ('job_1', 'c', 'default', 'operation', ?, 'queued', 0)")
      .run(JSON.stringify({ operation: { operationId: 'op_1', name: 'Op', source, options: {} } }));
    expect(migrate(db, 'control-plane')).toContain(31);
    const definition = (id: string) => JSON.parse(db.prepare('SELECT definition FROM activities WHERE id = ?').pluck().get(id) as string);
    expect(definition('act_read')).toEqual({ name: 'Read', type: 'stripe', connectionId: 'c', activity: 'read', object: 'customers', objectId: 'cus_1' });
    expect(JSON.parse(db.prepare("SELECT input FROM jobs WHERE id = 'job_1'").pluck().get() as string).operation.source).toEqual({ ...source, objectId: 'cus_1' });
    expect(definition('act_files')).toEqual({ name: 'Files', type: 'files', activity: 'read', root: 'r', pattern: '*.csv', format: 'csv' });
  });
});
