import type { Database } from 'better-sqlite3';
import { Refusal } from './refusal.js';
import { hashToken, newToken, tokenMatches } from './secrets.js';

export const DEFAULT_GROUP = 'default';
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Agent groups and their agent tokens (kept as hashes: a token is shown once, when made). */
export class Groups {
  constructor(private readonly db: Database) {}

  list(): Array<{ name: string; createdAt: string }> {
    return (this.db.prepare('SELECT name, created_at FROM agent_groups ORDER BY name').all() as Array<{ name: string; created_at: number }>).map((g) => ({
      name: g.name,
      createdAt: new Date(g.created_at).toISOString(),
    }));
  }

  exists(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM agent_groups WHERE name = ?').get(name) !== undefined;
  }

  /** Makes a group; returns its token, which is not kept and cannot be shown again. */
  create(name: unknown, token = newToken('sat'), now = Date.now()): { name: string; token: string } {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw Refusal.invalid('name', 'name must be 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
    }
    if (this.exists(name)) throw new Refusal('conflict', 'duplicate_name', `An agent group named '${name}' already exists.`, { field: 'name' });
    this.db.prepare('INSERT INTO agent_groups (name, token_hash, created_at) VALUES (?, ?, ?)').run(name, hashToken(token), now);
    return { name, token };
  }

  /** The default group, made on first start with the given token or a new one; returns only a token it made, to show once. */
  ensureDefault(token: string | undefined): string | undefined {
    if (this.exists(DEFAULT_GROUP)) {
      if (token) this.db.prepare('UPDATE agent_groups SET token_hash = ? WHERE name = ?').run(hashToken(token), DEFAULT_GROUP);
      return undefined;
    }
    const made = this.create(DEFAULT_GROUP, token ?? newToken('sat')).token;
    return token ? undefined : made;
  }

  /** The group an agent token belongs to. */
  groupOf(token: string): string | undefined {
    const rows = this.db.prepare('SELECT name, token_hash FROM agent_groups').all() as Array<{ name: string; token_hash: string }>;
    return rows.find((r) => tokenMatches(token, r.token_hash))?.name;
  }
}
