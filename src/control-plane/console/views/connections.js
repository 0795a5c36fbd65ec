// @ts-check
// The Stripe connection screen (design.md's configuration screen) and the list of connections.

import { ApiRequestError } from '../api.js';
import { connections, jobs, organization } from '../client.js';
import { alertBox, confirmDialog, h, say, table } from '../dom.js';
import { clearErrors, showError } from '../fields.js';
import { recentJobs } from './jobs.js';
import { tryActivityPanel } from './try-activity.js';

/** @import { Connection, ConnectionDraft } from '../types.js' */

export async function connectionList() {
  const list = await connections.list();
  return [h('section', {},
    h('h2', {}, 'Stripe connections'),
    list.length === 0 ? h('p', {}, 'No connection yet.') : table({}, ['Connection Name', 'API Key', 'Agent group', 'Proxy'], list.map((c) => h('tr', {},
      h('td', {}, h('a', { href: `#/connections/${c.id}` }, c.name)), h('td', {}, c.apiKey), h('td', {}, c.agentGroup), h('td', {}, c.useProxySettings ? 'yes' : 'no')))),
    h('div', { class: 'buttons' }, h('a', { href: '#/connections/new', class: 'button primary' }, 'New connection')))];
}

/** @param {string | undefined} id undefined for a new connection */
export async function connectionScreen(id) {
  const existing = id ? await connections.get(id) : undefined;
  const groups = await organization.groups();
  let dirty = false;
  const errors = {
    name: alertBox('name-error'), apiKey: alertBox('key-error'), apiBase: alertBox('base-error'),
    rateLimit: alertBox('rate-error'), searchRateLimit: alertBox('search-rate-error'), form: alertBox('form-error'),
  };
  const outcome = h('div', { id: 'test-outcome', role: 'status', 'aria-live': 'polite' });
  const inputs = {
    name: h('input', { id: 'name', name: 'name', type: 'text', required: true, value: existing?.name ?? '', 'aria-describedby': 'name-error', 'data-focus': true }),
    apiKey: h('input', { id: 'apiKey', name: 'apiKey', type: 'password', autocomplete: 'off', placeholder: existing ? `${existing.apiKey} (kept unless you type a new one)` : 'sk_test_… or rk_…', 'aria-describedby': 'key-error' }),
    agentGroup: h('select', { id: 'agentGroup', name: 'agentGroup' }, groups.map((g) => h('option', { value: g.name, selected: (existing?.agentGroup ?? 'default') === g.name }, g.name))),
    apiBase: h('input', { id: 'apiBase', name: 'apiBase', type: 'text', value: existing?.apiBase ?? 'https://api.stripe.com', 'aria-describedby': 'base-error' }),
    rateLimit: h('input', { id: 'rateLimit', name: 'rateLimit', type: 'number', min: 1, step: 'any', value: existing?.rateLimit ?? '', placeholder: "Stripe's: 25 test, 100 live", 'aria-describedby': 'rate-error' }),
    searchRateLimit: h('input', { id: 'searchRateLimit', name: 'searchRateLimit', type: 'number', min: 1, step: 'any', value: existing?.searchRateLimit ?? '', placeholder: "Stripe's: 20", 'aria-describedby': 'search-rate-error' }),
    useProxySettings: h('input', { id: 'useProxySettings', name: 'useProxySettings', type: 'checkbox', checked: existing?.useProxySettings ?? false }),
  };
  const form = h('form', { class: 'panel', oninput: () => (dirty = true), onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
    h('h2', {}, existing ? `Connection: ${existing.name}` : 'New Stripe connection'),
    h('div', { class: 'grid' },
      h('div', {}, h('label', { for: 'name' }, 'Connection Name'), inputs.name, errors.name),
      h('div', {}, h('label', { for: 'apiKey' }, 'API Key'), inputs.apiKey, errors.apiKey),
      h('div', {}, h('label', { for: 'agentGroup' }, 'Agent group'), inputs.agentGroup),
      h('div', {},
        h('label', { for: 'apiBase' }, 'API base URL'),
        inputs.apiBase,
        h('p', { class: 'hint' }, 'Advanced: https://api.stripe.com, or the offline sandbox for trials.'),
        errors.apiBase),
      h('div', {},
        h('label', { for: 'rateLimit' }, 'Requests per second'),
        inputs.rateLimit,
        h('p', { class: 'hint' }, "This key's limits: leave empty for Stripe's; set them only where Stripe raised this account's. The agents of the group share them."),
        errors.rateLimit),
      h('div', {},
        h('label', { for: 'searchRateLimit' }, 'Searches per second'),
        inputs.searchRateLimit,
        errors.searchRateLimit)),
    h('label', { class: 'inline', for: 'useProxySettings' }, inputs.useProxySettings, 'Use Proxy Settings (Private Agent Only)'),
    h('p', { class: 'hint' }, "Sends this connection's Stripe traffic through the proxy configured on the private agents of its group."),
    errors.form,
    h('div', { class: 'buttons' },
      h('button', { type: 'button', onclick: () => test() }, 'Test'),
      h('button', { type: 'button', class: 'primary', onclick: () => save() }, 'Save Changes'),
      h('button', { type: 'button', onclick: () => discard() }, 'Discard Changes'),
      h('span', { class: 'spacer' }),
      existing && h('button', { type: 'button', class: 'danger', onclick: () => remove(existing) }, 'Delete')),
    outcome);

  /** @returns {ConnectionDraft} */
  const values = () => {
    /** @type {ConnectionDraft} */
    const v = { name: inputs.name.value.trim(), useProxySettings: inputs.useProxySettings.checked, apiBase: inputs.apiBase.value.trim(), agentGroup: inputs.agentGroup.value };
    if (inputs.apiKey.value) v.apiKey = inputs.apiKey.value.trim();
    // An emptied limit goes back to Stripe's: null clears a stored one, and a new connection leaves it out.
    for (const name of /** @type {const} */ (['rateLimit', 'searchRateLimit'])) {
      const text = inputs[name].value.trim();
      if (text) v[name] = Number(text);
      else if (existing) v[name] = null;
    }
    return v;
  };
  const checkName = () => {
    const name = inputs.name.value;
    if (!name.trim()) return 'Connection Name is required.';
    if (/[/:]/.test(name)) return "Connection Name must not contain '/' or ':' (it also names the endpoint).";
    return '';
  };

  async function save() {
    clearErrors(errors);
    const local = checkName();
    if (local) return say(errors.name, local);
    try {
      if (existing) await connections.update(existing.id, values());
      else await connections.create(values());
      location.hash = '#/connections';
    } catch (e) {
      showError(errors, e);
    }
  }

  async function discard() {
    if (dirty && !(await confirmDialog('Discard your changes to this connection?', 'Discard'))) return;
    location.hash = '#/connections';
  }

  /** @param {Connection} connection */
  async function remove(connection) {
    clearErrors(errors);
    if (!(await confirmDialog(`Delete the connection ${connection.name} permanently?`, 'Delete'))) return;
    try {
      await connections.remove(connection.id);
      location.hash = '#/connections';
    } catch (e) {
      say(errors.form, e instanceof ApiRequestError && e.status === 409 ? `Not deleted: ${e.message}` : String(/** @type {Error} */ (e).message));
    }
  }

  async function test() {
    clearErrors(errors);
    outcome.className = 'outcome';
    outcome.textContent = 'Testing on an agent of the group…';
    try {
      const { jobId } = await connections.test({ ...(existing ? { id: existing.id } : {}), ...values() });
      const job = await jobs.finished(jobId, (j) => (outcome.textContent = j.status === 'queued' ? 'Waiting for an agent of the group…' : 'Testing…'));
      if (job.status === 'succeeded') {
        const r = job.result;
        outcome.className = 'outcome ok';
        outcome.textContent = `Connection OK — ${r.mode} mode, ${r.keyKind} key, ${r.latencyMs} ms, on agent ${job.agent}, connector ${job.connectorVersion}.${r.note ? ` ${r.note}` : ''}`;
      } else {
        outcome.className = 'outcome failed';
        outcome.textContent = `Test failed: ${job.error?.message ?? job.status}`;
      }
    } catch (e) {
      outcome.textContent = '';
      outcome.className = '';
      showError(errors, e);
    }
  }

  return [form, existing ? await tryActivityPanel(existing) : '', existing ? await recentJobs(existing.id) : ''];
}
