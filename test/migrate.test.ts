import { mkdtempSync, writeFileSync } from 'node:fs';
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
});
