// @ts-check
// The agents by group, and the organization's policy.

import { organization } from '../client.js';
import { alertBox, h, say, table } from '../dom.js';

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
  return [
    h('section', {},
      h('h2', {}, 'Organization policy'),
      h('label', { class: 'inline', for: 'policy' }, toggle, 'Disable Auto Connector Update'),
      h('p', { class: 'hint' }, 'When on, no agent downloads a new connector version, not even when a connection is tested; agents keep the version they have.'),
      policyError),
    ...groups.map((g) => h('section', {},
      h('h2', {}, `Agent group: ${g.name}`),
      table({}, ['Agent', 'Connected', 'Last seen', 'Version', 'Connectors', 'Files roots', 'Jobs running'], agents.filter((a) => a.group === g.name).map((a) => h('tr', {},
        h('td', {}, a.name), h('td', {}, a.connected ? 'yes' : 'no'), h('td', {}, new Date(a.lastSeen).toLocaleString()),
        h('td', {}, a.version), h('td', {}, Object.entries(a.connectors).map(([k, v]) => `${k} ${v}`).join(', ')),
        h('td', {}, (a.roots ?? []).join(', ')), h('td', {}, a.running))))))];
}
