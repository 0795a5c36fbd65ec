// @ts-check
// Saved activities: a Stripe activity of a connection, or the agent's local files. Operations use
// them as sources (Search, Read, files read) and targets (Create, Update, Delete, files write).

import { ApiRequestError } from '../api.js';
import { activities, connections, organization } from '../client.js';
import { alertBox, confirmDialog, h, say, table } from '../dom.js';
import { clearErrors, pointAt, showError } from '../fields.js';
import { checkQueryAsTyped, LABELS, objectPicker } from './object-picker.js';

/** @import { Connection, FilesActivity, SavedActivity, StripeActivity } from '../types.js' */
/** @import { ErrorBoxes } from '../fields.js' */

/** @param {SavedActivity} a */
export function roleOf(a) {
  if (a.type === 'files') return a.activity === 'read' ? 'source' : 'target';
  return a.activity === 'search' || a.activity === 'read' ? 'source' : 'target';
}

/**
 * What an activity does, in a few words: "Search customers on Stripe Sandbox", "Write NDJSON to samples".
 * @param {SavedActivity} a
 * @param {Connection[]} list to name the connection
 */
export function describe(a, list) {
  if (a.type === 'files') return `${a.activity === 'read' ? `Read ${a.format.toUpperCase()} from` : `Write ${a.format.toUpperCase()} to`} ${a.root}/${a.activity === 'read' ? a.pattern ?? '' : a.path ?? ''}`;
  return `${LABELS[a.activity]} ${a.object} on ${list.find((c) => c.id === a.connectionId)?.name ?? a.connectionId}`;
}

export async function activityList() {
  const [list, conns] = await Promise.all([activities.list(), connections.list()]);
  return h('section', {},
    h('h2', {}, 'Activities'),
    h('p', { class: 'hint' }, 'Saved activities are the sources and targets of operations.'),
    list.length === 0 ? h('p', {}, 'No activity yet.') : table({ id: 'activities' }, ['Name', 'Role', 'Does'], list.map((a) => h('tr', {},
      h('td', {}, h('a', { href: `#/activities/${a.id}` }, a.name)), h('td', {}, roleOf(a)), h('td', {}, describe(a, conns))))),
    h('div', { class: 'buttons' }, h('a', { href: '#/activities/new', class: 'button primary' }, 'New activity')));
}

/** @param {string | undefined} id undefined for a new activity */
export async function activityScreen(id) {
  const [existing, conns, agents] = await Promise.all([id ? activities.get(id) : undefined, connections.list(), organization.agents()]);
  const roots = [...new Set(agents.flatMap((a) => a.roots ?? []))].sort();
  const fieldNames = ['name', 'type', 'connectionId', 'activity', 'object', 'query', 'objectId', 'maxResults', 'root', 'pattern', 'path', 'format', 'afterRead'];
  /** @type {ErrorBoxes} */
  const errors = { form: alertBox('form-error'), ...Object.fromEntries(fieldNames.map((f) => [f, alertBox(`${f}-error`)])) };
  const box = (/** @type {string} */ f) => /** @type {HTMLElement} */ (errors[f]);
  const name = h('input', { id: 'activity-name', type: 'text', required: true, value: existing?.name ?? '', 'data-focus': true, 'aria-describedby': 'name-error' });
  const type = h('select', { id: 'type' },
    h('option', { value: 'stripe', selected: existing?.type !== 'files' }, 'Stripe'),
    h('option', { value: 'files', selected: existing?.type === 'files' }, 'Local files (private agent only)'));
  const body = h('div', {});
  const notice = h('p', { id: 'activity-status', role: 'status' });
  /** @type {() => StripeActivity | FilesActivity} */
  let values = () => { throw new Error('no endpoint chosen'); };

  const showType = async () => {
    clearErrors(errors);
    const built = type.value === 'files'
      ? filesFields(existing?.type === 'files' ? existing : undefined, roots, box)
      : await stripeFields(existing?.type === 'stripe' ? existing : undefined, conns, box);
    values = () => ({ ...built.values(), name: name.value.trim() });
    body.replaceChildren(built.element);
  };
  type.addEventListener('change', showType);
  await showType();

  async function save() {
    clearErrors(errors);
    try {
      const saved = existing ? await activities.update(existing.id, values()) : await activities.create(values());
      if (existing) say(notice, `Saved ${saved.name}.`);
      else location.hash = `#/activities/${saved.id}`;
    } catch (e) {
      const v = values();
      showError(errors, e, (message, error) => (error.field === 'query' && v.type === 'stripe' ? pointAt(message, v.query ?? '', error.body.offset) : message));
    }
  }

  /** @param {SavedActivity} activity */
  async function remove(activity) {
    clearErrors(errors);
    if (!(await confirmDialog(`Delete the activity ${activity.name} permanently?`, 'Delete'))) return;
    try {
      await activities.remove(activity.id);
      location.hash = '#/activities';
    } catch (e) {
      say(errors.form, e instanceof ApiRequestError && e.status === 409 ? `Not deleted: ${e.message}` : /** @type {Error} */ (e).message);
    }
  }

  return h('form', { class: 'panel', onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
    h('h2', {}, existing ? `Activity: ${existing.name}` : 'New activity'),
    h('div', { class: 'grid' },
      h('div', {}, h('label', { for: 'activity-name' }, 'Name'), name, box('name')),
      h('div', {}, h('label', { for: 'type' }, 'Endpoint'), type, box('type'))),
    body,
    errors.form,
    notice,
    h('div', { class: 'buttons' },
      h('button', { type: 'button', class: 'primary', onclick: save }, 'Save'),
      h('a', { href: '#/activities', class: 'button' }, 'Back to activities'),
      h('span', { class: 'spacer' }),
      existing && h('button', { type: 'button', class: 'danger', onclick: () => remove(existing) }, 'Delete')));
}

/**
 * @param {StripeActivity | undefined} existing
 * @param {Connection[]} conns
 * @param {(field: string) => HTMLElement} box
 */
async function stripeFields(existing, conns, box) {
  const connection = h('select', { id: 'connectionId' }, conns.map((c) => h('option', { value: c.id, selected: c.id === existing?.connectionId }, c.name)));
  const picker = await objectPicker({ activity: existing?.activity, object: existing?.object });
  const query = h('input', { id: 'query', type: 'text', value: existing?.query ?? '', placeholder: "email~'example.com'", 'aria-describedby': 'query-error' });
  const objectId = h('input', { id: 'object-id', type: 'text', value: existing?.objectId ?? '' });
  const maxResults = h('input', { id: 'max-results', type: 'number', min: 1, value: existing?.maxResults ?? '' });
  const fields = {
    query: h('div', {}, h('label', { for: 'query' }, 'Query'), query, box('query')),
    maxResults: h('div', {}, h('label', { for: 'max-results' }, 'Max results'), maxResults, box('maxResults')),
    objectId: h('div', {}, h('label', { for: 'object-id' }, 'Object ID'), objectId, box('objectId')),
  };
  picker.onChange((activity) => {
    fields.query.hidden = activity !== 'search';
    fields.maxResults.hidden = activity !== 'search';
    fields.objectId.hidden = activity !== 'read';
  });
  checkQueryAsTyped(query, box('query'), () => picker.object());
  return {
    element: h('div', {},
      h('label', { for: 'connectionId' }, 'Connection'), connection, box('connectionId'),
      conns.length === 0 ? h('p', { class: 'hint' }, h('a', { href: '#/connections/new' }, 'Create a Stripe connection'), ' first.') : '',
      picker.element, box('activity'), box('object'),
      h('p', { class: 'hint' }, 'Search and Read are sources of an operation; Create, Update and Delete are targets, fed by its mapping.'),
      fields.query, fields.maxResults, fields.objectId),
    /** @returns {StripeActivity} */
    values: () => {
      const activity = picker.activity();
      /** @type {StripeActivity} */
      const v = { name: '', type: 'stripe', connectionId: connection.value, activity, object: picker.object() };
      if (activity === 'search') {
        v.query = query.value;
        if (maxResults.value) v.maxResults = Number(maxResults.value);
      }
      if (activity === 'read') v.objectId = objectId.value.trim();
      return v;
    },
  };
}

/**
 * @param {FilesActivity | undefined} existing
 * @param {string[]} roots the root names the agents declare, offered as the person types
 * @param {(field: string) => HTMLElement} box
 */
function filesFields(existing, roots, box) {
  /** @param {string} id @param {string[]} options @param {string | undefined} chosen */
  const select = (id, options, chosen) => h('select', { id }, options.map((o) => h('option', { value: o, selected: o === chosen }, o)));
  const activity = select('files-activity', ['read', 'write'], existing?.activity);
  const root = h('input', { id: 'root', type: 'text', value: existing?.root ?? '', list: 'roots', autocomplete: 'off' });
  const pattern = h('input', { id: 'pattern', type: 'text', value: existing?.pattern ?? '', placeholder: 'in/*.csv' });
  const path = h('input', { id: 'path', type: 'text', value: existing?.path ?? '', placeholder: 'out/{operation}-{date}-{runId}.ndjson' });
  const format = select('format', ['csv', 'ndjson', 'json'], existing?.format);
  const afterRead = select('afterRead', ['keep', 'archive', 'delete'], existing?.afterRead ?? 'keep');
  const reading = h('div', {},
    h('label', { for: 'pattern' }, 'Files pattern'), pattern, h('p', { class: 'hint' }, 'Which files of the root, oldest first; * and ? match within one name.'), box('pattern'),
    h('label', { for: 'afterRead' }, 'After a successful run'), afterRead, h('p', { class: 'hint' }, 'archive moves the files read to .archive/ in the root.'), box('afterRead'));
  const writing = h('div', {},
    h('label', { for: 'path' }, 'File path'), path, h('p', { class: 'hint' }, 'One file per run, written atomically; {runId}, {date} and {operation} are filled in.'), box('path'));
  const show = () => {
    reading.hidden = activity.value !== 'read';
    writing.hidden = activity.value !== 'write';
  };
  activity.addEventListener('change', show);
  show();
  return {
    element: h('div', {},
      h('div', { class: 'grid' },
        h('div', {}, h('label', { for: 'files-activity' }, 'Activity'), activity, box('activity')),
        h('div', {}, h('label', { for: 'root' }, 'Files root'), root, h('datalist', { id: 'roots' }, roots.map((r) => h('option', { value: r }))), box('root'),
          h('p', { class: 'hint' }, `A root an agent declares by name (files.roots, --files-root NAME=DIR); its folder stays on the agent.${roots.length ? ` Declared: ${roots.join(', ')}.` : ''}`)),
        h('div', {}, h('label', { for: 'format' }, 'Format'), format, box('format'))),
      reading, writing),
    /** @returns {FilesActivity} */
    values: () => {
      const read = activity.value === 'read';
      /** @type {FilesActivity} */
      const v = { name: '', type: 'files', activity: read ? 'read' : 'write', root: root.value.trim(), format: /** @type {FilesActivity['format']} */ (format.value) };
      if (read) {
        v.pattern = pattern.value.trim();
        v.afterRead = /** @type {FilesActivity['afterRead']} */ (afterRead.value);
      } else {
        v.path = path.value.trim();
      }
      return v;
    },
  };
}
