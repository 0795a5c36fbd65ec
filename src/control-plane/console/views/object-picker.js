// @ts-check
// Choosing a Stripe activity and object from the connector's catalog: a filter that ranks what
// was typed, and the object's search fields and schemas beside it.

import { catalog } from '../client.js';
import { h, say } from '../dom.js';

/** @import { ActivityKind } from '../types.js' */

export const ACTIVITIES = /** @type {const} */ (['search', 'read', 'create', 'update', 'delete']);
export const LABELS = { search: 'Search', read: 'Read', create: 'Create', update: 'Update', delete: 'Delete' };

/**
 * @param {{activities?: readonly ActivityKind[], activity?: ActivityKind, object?: string}} [initial]
 *   which activities to offer, and the choice to start from
 */
export async function objectPicker(initial = {}) {
  let entries = await catalog.list();
  const select = h('select', { id: 'object', name: 'object' });
  const filter = h('input', { id: 'object-filter', type: 'search', placeholder: 'customers, charges…' });
  const activity = h('select', { id: 'activity' }, (initial.activities ?? ACTIVITIES).map((a) => h('option', { value: a, selected: a === initial.activity }, LABELS[a])));
  const schemas = h('div', {});
  /** @type {((activity: ActivityKind) => void)[]} */
  const listeners = [];
  let wanted = initial.object ?? '';

  const fill = () => {
    const needle = filter.value.trim().toLowerCase();
    const chosen = select.value || wanted;
    // An exact name first, then names that start with what was typed, then the rest that contain it.
    /** @param {string} name */
    const rank = (name) => (name === needle ? 0 : name.startsWith(needle) ? 1 : 2);
    const matching = entries
      .filter((e) => e.activities.includes(current()) && e.object.toLowerCase().includes(needle))
      .sort((a, b) => rank(a.object) - rank(b.object) || a.object.localeCompare(b.object));
    select.replaceChildren(...matching.map((e) => h('option', { value: e.object, selected: e.object === chosen }, e.object)));
    wanted = '';
    return changed();
  };
  const current = () => /** @type {ActivityKind} */ (activity.value);
  const changed = async () => {
    const a = current();
    for (const listener of listeners) listener(a);
    schemas.replaceChildren();
    if (!select.value) return;
    const entry = await catalog.get(select.value);
    const request = a === 'create' ? entry.requestSchema.create : a === 'update' ? entry.requestSchema.update : null;
    schemas.replaceChildren(
      a === 'search' && entry.searchFields ? h('p', { class: 'hint' }, `Search fields: ${Object.entries(entry.searchFields).map(([k, t]) => `${k} (${t})`).join(', ')}`) : '',
      request ? h('details', {}, h('summary', {}, 'Request schema'), h('pre', {}, JSON.stringify(request, null, 2))) : '',
      entry.responseSchema ? h('details', {}, h('summary', {}, 'Response schema'), h('pre', {}, JSON.stringify(entry.responseSchema, null, 2))) : '');
  };
  filter.addEventListener('input', fill);
  activity.addEventListener('change', fill);
  select.addEventListener('change', changed);

  const element = h('div', {},
    h('div', { class: 'grid' },
      h('div', {}, h('label', { for: 'activity' }, 'Activity'), activity),
      h('div', {}, h('label', { for: 'object-filter' }, 'Find an object'), filter),
      h('div', {}, h('label', { for: 'object' }, 'Object'), select,
        h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: async () => { entries = await catalog.list(); fill(); } }, 'Refresh')))),
    schemas);
  fill();
  return {
    element,
    activity: current,
    object: () => select.value,
    /** @param {(activity: ActivityKind) => void} listener told of the activity now and whenever the choice changes */
    onChange: (listener) => {
      listeners.push(listener);
      listener(current());
    },
  };
}

/**
 * Checks a search query against the catalog as it is typed, pointing at the character at fault.
 * @param {HTMLInputElement} input
 * @param {HTMLElement} box
 * @param {() => string} object the object searched
 */
export function checkQueryAsTyped(input, box, object) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!input.value || !object()) return say(box, '');
      const check = await catalog.checkQuery(object(), input.value);
      if (check.ok) return say(box, '');
      say(box, check.error.offset === undefined ? check.error.message : `${check.error.message}\n${input.value}\n${' '.repeat(check.error.offset)}^`);
    }, 200);
  });
}
