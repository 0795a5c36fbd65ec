// @ts-check
// Building blocks every view shares: element construction, alert boxes, the confirm dialog.

/** @import { Child } from './types.js' */
/** @typedef {Record<string, string | number | boolean | null | undefined | ((event: any) => unknown)>} Attrs */

/**
 * Builds an element: h('label', { for: 'x' }, 'text', child…). `on…` attributes become listeners;
 * true sets an empty attribute, false/null/undefined leave it out.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {Child[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === undefined || v === null) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} el
 * @param {Child[]} children
 */
function append(el, children) {
  for (const c of children) {
    if (Array.isArray(c)) append(el, c);
    else if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  }
}

/**
 * A message box for one field or form, hidden while empty.
 * @param {string} id
 */
export function alertBox(id) {
  return h('p', { id, role: 'alert', hidden: true });
}

/**
 * Shows a message in a box, or hides the box when there is none.
 * @param {HTMLElement} box
 * @param {string | undefined} message
 */
export function say(box, message) {
  box.textContent = message ?? '';
  box.hidden = !message;
}

/**
 * A table with a header row; each row is a list of cells.
 * @param {Attrs} attrs
 * @param {string[]} headings
 * @param {HTMLTableRowElement[]} rows
 */
export function table(attrs, headings, rows) {
  return h('table', attrs, h('thead', {}, h('tr', {}, headings.map((t) => h('th', {}, t)))), h('tbody', {}, rows));
}

/**
 * Asks in the page's modal dialog; true when the person chose `ok`.
 * @param {string} message
 * @param {string} ok the label of the confirming button
 * @returns {Promise<boolean>}
 */
export function confirmDialog(message, ok) {
  const dialog = /** @type {HTMLDialogElement} */ (byId('confirm'));
  byId('confirm-message').textContent = message;
  byId('confirm-ok').textContent = ok;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}

/**
 * An element of index.html that is always there.
 * @param {string} id
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el;
}
