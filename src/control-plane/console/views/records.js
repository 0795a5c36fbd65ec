// @ts-check
// Records as a table that pages, each page's whole records a click away: a search job's, or a
// run's when its operation has no target.

import { h, table } from '../dom.js';

/** @import { RecordPage } from '../types.js' */

const PAGE = 25;

/**
 * @param {number | undefined} count how many there are, when known
 * @param {(after: number, limit: number) => Promise<RecordPage>} read
 * @param {string} [id] the table's id
 */
export async function recordsTable(count, read, id = 'records') {
  const holder = h('div', {});
  /** @param {number} after */
  const show = async (after) => {
    const page = await read(after, PAGE);
    const keys = ['id', ...['email', 'name', 'amount', 'currency', 'status', 'created'].filter((k) => page.records.some((r) => k in r))];
    const shown = page.records.length ? `${after + 1}–${after + page.records.length}` : 'none';
    holder.replaceChildren(
      h('p', {}, count === undefined ? `Showing ${shown}.` : `${count} records; showing ${shown}.`),
      table({ id }, keys, page.records.map((r) => h('tr', {}, keys.map((k) => h('td', {}, cell(r[k])))))),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', disabled: after === 0, onclick: () => show(Math.max(0, after - PAGE)) }, 'Previous page'),
        h('button', { type: 'button', disabled: page.next === null, onclick: () => show(after + PAGE) }, 'Next page')),
      h('details', {}, h('summary', {}, 'This page as JSON'), h('pre', {}, JSON.stringify(page.records, null, 2))));
  };
  await show(0);
  return holder;
}

/** @param {unknown} value */
function cell(value) {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
