// @ts-check
// The agents by group, each with its lifecycle state and a Drain / Resume button, and the
// organization's policy.

import { organization } from '../client.js';
import { alertBox, h, say, table } from '../dom.js';

/** @import { Agent } from '../types.js' */

const COLUMNS = ['Agent', 'Connected', 'State', 'Last seen', 'Version', 'Connectors', 'Files roots', 'Jobs running', 'Stripe requests', ''];

/**
 * Whether an agent is on its way to another state (welcomed, drained, or taking up a drain or a
 * resume just asked): while one is, the table is re-read every second.
 * @param {Agent} a
 */
const settling = (a) =>
  a.state === 'connecting' || a.state === 'draining' || (a.connected && (a.drainRequested ? a.state === 'ready' : a.state === 'drained'));

export async function agentsScreen() {
  const [agents, groups, policy] = await Promise.all([organization.agents(), organization.groups(), organization.policy()]);
  const policyError = alertBox('policy-error');
  const toggle = h('input', { id: 'policy', type: 'checkbox', role: 'switch', checked: policy.disableAutoConnectorUpdate, onchange: async () => {
    try {
      await organization.setPolicy({ disableAutoConnectorUpdate: toggle.checked });
      say(policyError, '');
    } catch (e) {
      toggle.checked = !toggle.checked;
      say(policyError, /** @type {Error} */ (e).message);
    }
  } });
  /** @type {Map<string, AgentRow>} */
  const rows = new Map(agents.map((a) => [a.id, agentRow(a, () => refresh())]));
  const sections = groups.map((g) => h('section', {},
    h('h2', {}, `Agent group: ${g.name}`),
    table({}, COLUMNS, agents.filter((a) => a.group === g.name).map((a) => /** @type {AgentRow} */ (rows.get(a.id)).element))));

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** Re-reads the agents into their rows, again a second later while one is on its way somewhere. */
  async function refresh() {
    clearTimeout(timer);
    const list = await organization.agents();
    for (const a of list) rows.get(a.id)?.show(a);
    if (list.some(settling)) {
      timer = setTimeout(() => {
        if (sections.some((s) => s.isConnected)) refresh();
      }, 1000);
    }
  }
  if (agents.some(settling)) refresh();

  return [
    h('section', {},
      h('h2', {}, 'Organization policy'),
      h('label', { class: 'inline', for: 'policy' }, toggle, 'Disable Auto Connector Update'),
      h('p', { class: 'hint' }, 'When on, no agent downloads a new connector version, not even when a connection is tested; agents keep the version they have.'),
      policyError),
    ...sections];
}

/** @typedef {{ element: HTMLTableRowElement, show: (agent: Agent) => void }} AgentRow */

/**
 * One agent's row. Its cells are updated in place, so the button keeps the focus across refreshes.
 * @param {Agent} agent
 * @param {() => Promise<void>} refresh
 * @returns {AgentRow}
 */
function agentRow(agent, refresh) {
  let current = agent;
  const problem = alertBox(`agent-error-${agent.id}`);
  const button = h('button', { type: 'button', onclick: async () => {
    button.disabled = true;
    try {
      show(await (current.drainRequested ? organization.resume(current.id) : organization.drain(current.id)));
      say(problem, '');
      await refresh();
    } catch (e) {
      say(problem, /** @type {Error} */ (e).message);
    } finally {
      button.disabled = false;
    }
  } });
  const actions = h('td', {});
  const element = h('tr', { 'data-agent': agent.id });
  /** @param {Agent} a */
  function show(a) {
    current = a;
    const verb = a.drainRequested ? 'Resume' : 'Drain';
    button.textContent = verb;
    button.setAttribute('aria-label', `${verb} ${a.name}`);
    button.title = a.drainRequested
      ? 'Let the agent ask for work again.'
      : 'Stop the agent asking for work; what runs finishes. For patching its host without failing a job.';
    element.replaceChildren(
      h('td', {}, a.name), h('td', {}, a.connected ? 'yes' : 'no'),
      h('td', { class: `agent-state state-${a.state}` }, stateText(a)),
      h('td', {}, new Date(a.lastSeen).toLocaleString()),
      h('td', {}, a.version), h('td', {}, Object.entries(a.connectors).map(([k, v]) => `${k} ${v}`).join(', ')),
      h('td', {}, (a.roots ?? []).join(', ')), h('td', { class: 'number' }, a.running),
      h('td', { class: 'number stripe-requests', title: 'Requests this agent sent to Stripe since it started, and those not answered with success, by status (0: no answer).' }, requestsText(a.stripeRequests)),
      actions);
  }
  actions.append(button, problem);
  show(agent);
  return { element, show };
}

/**
 * How many requests the agent sent to Stripe, and which were not answered with success: "312 (429: 3)".
 * @param {Record<string, number>} byStatus
 */
function requestsText(byStatus) {
  const entries = Object.entries(byStatus);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const failed = entries.filter(([status]) => !status.startsWith('2')).sort(([a], [b]) => a.localeCompare(b));
  return failed.length === 0 ? String(total) : `${total} (${failed.map(([status, n]) => `${status}: ${n}`).join(', ')})`;
}

/**
 * The state as the agent reported it; a drain asked of an agent that has not taken it up yet says so.
 * @param {Agent} a
 */
function stateText(a) {
  return a.drainRequested && a.state !== 'draining' && a.state !== 'drained' ? `${a.state} (drain requested)` : a.state;
}
