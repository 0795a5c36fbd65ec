import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';

/** Each component keeps its numbered SQL files in migrations/<component>/ at the package root. */
export type Component = 'sandbox' | 'agent' | 'control-plane';

const MIGRATIONS_ROOT = fileURLToPath(new URL('../../migrations/', import.meta.url));
const FILE_NAME = /^(\d{3})_[a-z0-9_]+\.sql$/;

/**
 * Applies, in order and each in its own transaction, the migrations the database has not
 * recorded yet. Migrations are append-only: a file once released is never edited or renumbered.
 * Returns the versions applied now.
 */
export function migrate(db: Database, component: Component, dir = `${MIGRATIONS_ROOT}${component}`): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  // Every name is checked before anything runs, so a misnamed file cannot leave a half-migrated database.
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new Error(`migration file ${dir}/${file} is not named NNN_name.sql`);
      return { file, version: Number(match[1]) };
    });
  const done: number[] = [];
  for (const { file, version } of files) {
    if (applied.has(version)) continue;
    const sql = readFileSync(`${dir}/${file}`, 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        version,
        file,
        new Date().toISOString(),
      );
    })();
    done.push(version);
  }
  return done;
}
