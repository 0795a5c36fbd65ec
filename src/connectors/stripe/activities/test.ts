import { classify } from '../errors.js';
import { manifest } from '../manifest.js';
import type { Session } from '../session.js';

export interface TestResult {
  ok: true;
  mode: 'test' | 'live';
  keyKind: 'secret' | 'restricted';
  latencyMs: number;
  connectorVersion: string;
  apiBase: string;
  /** Set when a restricted key proved itself but may not read customers. */
  note?: string;
}

/**
 * One authenticated call that every key can make or be refused by name: listing one customer.
 * A restricted key without that permission gets a 403, which still proves the key is valid.
 */
export async function test(session: Session): Promise<TestResult> {
  const { connection } = session;
  const started = performance.now();
  let note: string | undefined;
  try {
    await session.request('other', () => session.client.customers.list({ limit: 1 }) as unknown as Promise<unknown>);
  } catch (e) {
    const error = classify(e);
    if (error.code !== 'permission_denied') throw error;
    note = 'The key is valid but may not read customers; activities on other objects depend on its permissions.';
  }
  const result: TestResult = {
    ok: true,
    mode: connection.mode,
    keyKind: connection.keyKind,
    latencyMs: Math.round(performance.now() - started),
    connectorVersion: manifest.version,
    apiBase: connection.apiBase,
  };
  if (note) result.note = note;
  return result;
}
