/**
 * The agent's one lifecycle, as a table of allowed transitions (as Temporal's worker keeps its
 * state): every part asks it rather than keeping flags of its own, and the control plane and
 * operators see it.
 *
 * - starting: built, not yet dialling
 * - connecting: dialling, or connected and not yet welcomed (again after every drop)
 * - ready: welcomed; asks for work while it has free slots
 * - draining: asks for no more work; running jobs finish and results are flushed
 * - stopped: done, gracefully or not
 * - failed: the control plane refused it for good (revoked token, incompatible protocol)
 */
export type AgentState = 'starting' | 'connecting' | 'ready' | 'draining' | 'stopped' | 'failed';

export const AGENT_STATES: readonly AgentState[] = ['starting', 'connecting', 'ready', 'draining', 'stopped', 'failed'];

export const TRANSITIONS: Readonly<Record<AgentState, readonly AgentState[]>> = {
  starting: ['connecting', 'stopped', 'failed'],
  connecting: ['ready', 'draining', 'stopped', 'failed'],
  ready: ['connecting', 'draining', 'stopped', 'failed'],
  // A drain ordered by the control plane can be undone; one for shutdown ends in stopped.
  draining: ['ready', 'stopped', 'failed'],
  stopped: [],
  failed: [],
};

/** The exit status of an agent the control plane refused for good: the systemd unit does not restart on it. */
export const EXIT_REFUSED = 78;

export class Lifecycle {
  private current: AgentState = 'starting';
  private readonly listeners = new Set<(state: AgentState) => void>();

  get state(): AgentState {
    return this.current;
  }

  /** Moves to `next` if the table allows it; returns whether it moved. A repeated state is no move. */
  to(next: AgentState): boolean {
    if (next === this.current || !TRANSITIONS[this.current].includes(next)) return false;
    this.current = next;
    for (const listener of this.listeners) listener(next);
    return true;
  }

  onChange(listener: (state: AgentState) => void): void {
    this.listeners.add(listener);
  }
}
