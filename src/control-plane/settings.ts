import type { Database } from 'better-sqlite3';
import { hashToken, newToken, tokenMatches } from './secrets.js';

export interface Policy {
  disableAutoConnectorUpdate: boolean;
}

/** The organization's policy and this control plane's admin token (as a hash). */
export class Settings {
  constructor(private readonly db: Database) {}

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
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? undefined;
  }

  private write(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
