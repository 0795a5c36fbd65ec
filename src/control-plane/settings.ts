import type { Database } from 'better-sqlite3';
import { hashToken, newToken, tokenMatches } from './secrets.js';

export interface Policy {
  disableAutoConnectorUpdate: boolean;
}

/** The organization's policy and this control plane's admin token (as a hash). */
export class Settings {
  private readonly sql;

  constructor(db: Database) {
    // Prepared once: isAdmin reads the token's hash on every API request.
    this.sql = {
      read: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      write: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  }

  policy(): Policy {
    return { disableAutoConnectorUpdate: this.read('policy.disableAutoConnectorUpdate') === 'true' };
  }

  setPolicy(policy: Policy): Policy {
    this.write('policy.disableAutoConnectorUpdate', String(policy.disableAutoConnectorUpdate));
    return this.policy();
  }

  /** Sets the admin token: the one given, or on first start a new one (returned only then). */
  ensureAdminToken(token: string | undefined): string | undefined {
    if (token) {
      this.write('admin.tokenHash', hashToken(token));
      return undefined;
    }
    if (this.read('admin.tokenHash')) return undefined;
    const fresh = newToken('sadm');
    this.write('admin.tokenHash', hashToken(fresh));
    return fresh;
  }

  isAdmin(token: string): boolean {
    const hash = this.read('admin.tokenHash');
    return hash !== undefined && tokenMatches(token, hash);
  }

  private read(key: string): string | undefined {
    return this.sql.read.get(key) as string | undefined;
  }

  private write(key: string, value: string): void {
    this.sql.write.run(key, value);
  }
}
