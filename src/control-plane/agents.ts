import type { Database } from 'better-sqlite3';
import type { AgentIntro, AgentListedState, AgentView } from './views.js';

/** Agents as they last introduced themselves; who is connected now is the gateway's to say. */
export class Agents {
  /** Prepared once: agents' messages update their rows all the time. */
  private readonly sql;

  constructor(private readonly db: Database) {
    const p = (text: string) => db.prepare(text);
    this.sql = {
      seen: p(`INSERT INTO agents (id, name, agent_group, version, connectors, last_seen, roots, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'connecting')
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, agent_group = excluded.agent_group, version = excluded.version,
           connectors = excluded.connectors, last_seen = excluded.last_seen, roots = excluded.roots, state = excluded.state`),
      connectors: p('UPDATE agents SET connectors = ?, connector_error = ? WHERE id = ?'),
      state: p('UPDATE agents SET state = ? WHERE id = ?'),
      setDrain: p('UPDATE agents SET drain_requested = ? WHERE id = ?'),
      drainRequested: p('SELECT drain_requested FROM agents WHERE id = ?').pluck(),
      stripeRequests: p('UPDATE agents SET stripe_requests = ? WHERE id = ?'),
      touch: p('UPDATE agents SET last_seen = ? WHERE id = ?'),
      groupOf: p('SELECT agent_group FROM agents WHERE id = ?').pluck(),
      nameOf: p('SELECT name FROM agents WHERE id = ?').pluck(),
    };
  }

  seen(agent: AgentIntro, now = Date.now()): void {
    this.sql.seen.run(agent.id, agent.name, agent.group, agent.version, JSON.stringify(agent.connectors), now, JSON.stringify(agent.roots ?? []));
  }

  connectors(id: string, connectors: Record<string, string>, error: string | undefined): void {
    this.sql.connectors.run(JSON.stringify(connectors), error ?? null, id);
  }

  state(id: string, state: string): void {
    this.sql.state.run(state, id);
  }

  /** Records an operator's drain (true) or resume (false); false when there is no such agent. */
  setDrain(id: string, drain: boolean): boolean {
    return this.sql.setDrain.run(drain ? 1 : 0, id).changes === 1;
  }

  drainRequested(id: string): boolean {
    return this.sql.drainRequested.get(id) === 1;
  }

  stripeRequests(id: string, byStatus: Record<string, number>): void {
    this.sql.stripeRequests.run(JSON.stringify(byStatus), id);
  }

  touch(id: string, now = Date.now()): void {
    this.sql.touch.run(now, id);
  }

  list(connected: (id: string) => boolean): AgentView[] {
    const rows = this.db
      .prepare(
        `SELECT a.*, (SELECT COUNT(*) FROM jobs j WHERE j.lease_agent = a.id AND j.status = 'running') AS running
         FROM agents a ORDER BY a.agent_group, a.name`,
      )
      .all() as Array<{ id: string; name: string; agent_group: string; version: string; connectors: string; connector_error: string | null; last_seen: number; running: number; roots: string; stripe_requests: string | null; state: string | null; drain_requested: number }>;
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      group: r.agent_group,
      version: r.version,
      connectors: JSON.parse(r.connectors) as Record<string, string>,
      roots: JSON.parse(r.roots) as string[],
      connectorError: r.connector_error,
      connected: connected(r.id),
      state: agentState(connected(r.id), r.state),
      drainRequested: r.drain_requested === 1,
      lastSeen: new Date(r.last_seen).toISOString(),
      running: r.running,
      stripeRequests: r.stripe_requests ? (JSON.parse(r.stripe_requests) as Record<string, number>) : {},
    }));
  }

  /** The group an agent id was first seen in: an id stays with its group. */
  groupOf(id: string): string | undefined {
    return this.sql.groupOf.get(id) as string | undefined;
  }

  nameOf(id: string): string | undefined {
    return this.sql.nameOf.get(id) as string | undefined;
  }
}

/** The state as the agent reported it (the protocol checked it on the way in). */
function agentState(connected: boolean, reported: string | null): AgentListedState {
  if (connected) return (reported ?? 'connecting') as AgentListedState;
  return reported === 'stopped' || reported === 'failed' ? reported : 'disconnected';
}
