// @ts-check
// Operations: a source activity, a mapping, a target activity — run by one private agent. The
// list, and the editor with the live mapping preview, the Run button and the operation's runs.

import { ApiRequestError } from '../api.js';
import { activities, connections, operations } from '../client.js';
import { alertBox, confirmDialog, h, say, table } from '../dom.js';
import { clearErrors, pointAt, showError } from '../fields.js';
import { describe, roleOf } from './activities.js';
import { mappingEditor } from './mapping-editor.js';
import { optionsEditor } from './operation-options.js';
import { runHistory } from './runs.js';
import { scheduleEditor } from './schedule-editor.js';

/** @import { Operation, OperationDraft } from '../types.js' */

export async function operationList() {
  const [list, acts] = await Promise.all([operations.list(), activities.list()]);
  /** @param {string | null} id */
  const nameOf = (id) => (id === null ? '(none: the records are the output)' : acts.find((a) => a.id === id)?.name ?? id);
  return [
    h('section', {},
      h('h2', {}, 'Operations'),
      h('p', { class: 'hint' }, 'An operation reads records with its source activity, maps each one, and writes it with its target activity — all on one private agent; only the run\'s log comes back.'),
      list.length === 0 ? h('p', {}, 'No operation yet.') : table({ id: 'operations' }, ['Name', 'Source', 'Mapping', 'Target', 'Next run'], list.map((o) => h('tr', {},
        h('td', {}, h('a', { href: `#/operations/${o.id}` }, o.name)), h('td', {}, nameOf(o.source)),
        h('td', {}, h('code', {}, firstLine(o.mapping))), h('td', {}, nameOf(o.target)), h('td', {}, o.schedule?.next[0] ?? '')))),
      h('div', { class: 'buttons' }, h('a', { href: '#/operations/new', class: 'button primary' }, 'New operation'))),
    (await runHistory({})).element];
}

/** @param {string | null} mapping */
function firstLine(mapping) {
  if (!mapping) return '';
  const line = mapping.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

/** @param {string | undefined} id undefined for a new operation */
export async function operationScreen(id) {
  const [existing, acts, conns, ops] = await Promise.all([id ? operations.get(id) : undefined, activities.list(), connections.list(), operations.list()]);
  const errors = {
    form: alertBox('form-error'), name: alertBox('name-error'), source: alertBox('source-error'), mapping: alertBox('mapping-error'), target: alertBox('target-error'),
    options: alertBox('options-error'), schedule: alertBox('schedule-error'),
  };
  const status = h('p', { id: 'operation-status', role: 'status', 'aria-live': 'polite' });
  let dirty = false;
  /** @param {'source' | 'target'} role @param {string | null | undefined} chosen */
  const choices = (role, chosen) => acts.filter((a) => roleOf(a) === role).map((a) => h('option', { value: a.id, selected: a.id === chosen }, `${a.name} — ${describe(a, conns)}`));
  const name = h('input', { id: 'operation-name', type: 'text', required: true, value: existing?.name ?? '', 'data-focus': true, 'aria-describedby': 'name-error' });
  const source = h('select', { id: 'source', 'aria-describedby': 'source-error' }, h('option', { value: '' }, '— choose a source —'), choices('source', existing?.source));
  const target = h('select', { id: 'target', 'aria-describedby': 'target-error' }, h('option', { value: '' }, '(none: the records are the run\'s output)'), choices('target', existing?.target));
  const schedule = scheduleEditor(existing?.schedule, errors.schedule);
  const options = optionsEditor(existing, ops, errors.options);
  const mapping = mappingEditor(existing?.mapping ?? '', () => acts.find((a) => a.id === source.value), errors.mapping, () => options.value().agentGroup);

  /** @returns {OperationDraft} */
  const values = () => ({
    name: name.value.trim(),
    source: source.value,
    mapping: mapping.value().trim() ? mapping.value() : null,
    target: target.value || null,
    options: options.value(),
    schedule: schedule.value(),
  });

  /** Saves; the saved operation, or undefined when the API refused it (shown beside its field). */
  async function save() {
    clearErrors(errors);
    try {
      const saved = existing ? await operations.update(existing.id, values()) : await operations.create(values());
      dirty = false;
      return saved;
    } catch (e) {
      showError(errors, e, (message, error) => (error.field === 'mapping' ? pointAt(message, mapping.value(), error.body.position) : message));
      return undefined;
    }
  }

  /** @param {Operation} operation */
  async function remove(operation) {
    clearErrors(errors);
    if (!(await confirmDialog(`Delete the operation ${operation.name} permanently? Its run history stays.`, 'Delete'))) return;
    try {
      await operations.remove(operation.id);
      location.hash = '#/operations';
    } catch (e) {
      say(errors.form, e instanceof ApiRequestError && e.status === 409 ? `Not deleted: ${e.message}` : /** @type {Error} */ (e).message);
    }
  }

  const history = existing ? await runHistory({ operationId: existing.id }) : undefined;

  /** @param {Operation} operation */
  async function run(operation) {
    // What runs is the saved operation: unsaved changes are saved first.
    if (dirty && !(await save())) return;
    try {
      const started = await operations.run(operation.id);
      status.textContent = `Run ${started.id} queued.`;
      await history?.refresh();
    } catch (e) {
      showError(errors, e);
    }
  }

  const form = h('form', { class: 'panel', oninput: () => (dirty = true), onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
    h('h2', {}, existing ? `Operation: ${existing.name}` : 'New operation'),
    h('label', { for: 'operation-name' }, 'Name'), name, errors.name,
    h('div', { class: 'grid' },
      h('div', {}, h('label', { for: 'source' }, 'Source'), source, errors.source,
        h('p', { class: 'hint' }, 'A saved Search, Read or files read. ', h('a', { href: '#/activities/new' }, 'New activity'))),
      h('div', {}, h('label', { for: 'target' }, 'Target'), target, errors.target,
        h('p', { class: 'hint' }, 'A saved Create, Update, Delete or files write.'))),
    mapping.element,
    schedule.element,
    options.element,
    errors.form,
    h('div', { class: 'buttons' },
      h('button', { type: 'button', class: 'primary', onclick: async () => {
        const saved = await save();
        if (!saved) return;
        if (existing) status.textContent = 'Saved.';
        else location.hash = `#/operations/${saved.id}`;
      } }, 'Save'),
      existing && h('button', { type: 'button', onclick: () => run(existing) }, 'Run'),
      h('a', { href: '#/operations', class: 'button' }, 'Back to operations'),
      h('span', { class: 'spacer' }),
      existing && h('button', { type: 'button', class: 'danger', onclick: () => remove(existing) }, 'Delete')),
    status);
  return [form, history?.element ?? ''];
}
