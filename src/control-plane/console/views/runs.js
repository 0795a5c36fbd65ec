// @ts-check
// Run history — the log's columns, refreshed while runs are unfinished — and one run's page with
// its per-record errors (position and id, never contents) and, for an operation without a
// target, its records.

import { operations, runs } from '../client.js';
import { alertBox, h, say, table } from '../dom.js';
import { duration, when } from '../format.js';
import { recordsTable } from './records.js';

/** @import { Run, RunError } from '../types.js' */

const COLUMNS = ['Operation', 'Trigger', 'Scheduled for', 'Started', 'Finished', 'Duration', 'Status', 'Source records', 'Target records', 'Failed records', 'Message'];
const PAGE = 50;

/** @param {Run} run */
export const unfinished = (run) => run.status === 'queued' || run.status === 'running';

/** @param {number | null | undefined} n */
const count = (n) => (n === null || n === undefined ? '' : String(n));

/** @param {Run} r */
function row(r) {
  return h('tr', { 'data-run': r.id },
    h('td', {}, h('a', { href: `#/operations/${r.operationId}` }, r.operation)),
    // An action's run links to the run that started it.
    h('td', {}, r.parentRunId ? h('a', { href: `#/runs/${r.parentRunId}`, title: `After run ${r.parentRunId}` }, r.trigger) : r.trigger),
    h('td', {}, when(r.scheduledFor)), h('td', {}, when(r.startedAt)), h('td', {}, when(r.finishedAt)), h('td', {}, duration(r.durationMs)),
    // The status opens the run: its errors, and its records when it has no target.
    h('td', {}, h('a', { href: `#/runs/${r.id}`, class: `status-${r.status}`, title: `Run ${r.id}` }, r.status.replaceAll('_', ' '))),
    h('td', { class: 'number' }, count(r.sourceRecords)), h('td', { class: 'number' }, count(r.targetRecords)),
    h('td', { class: 'number' }, r.failedRecords ? h('a', { href: `#/runs/${r.id}` }, count(r.failedRecords)) : count(r.failedRecords)),
    h('td', {}, r.message));
}

/**
 * The newest runs, of one operation or of all; re-read every second while one is unfinished and
 * the history is on the page.
 * @param {{operationId?: string, limit?: number}} filter
 */
export async function runHistory(filter) {
  const body = h('div', {});
  const section = h('section', {}, h('h2', {}, 'Run history'), body);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const refresh = async () => {
    clearTimeout(timer);
    const list = await runs.list({ limit: 25, ...filter });
    body.replaceChildren(list.length === 0 ? h('p', {}, 'No run yet.') : table({ id: 'runs' }, COLUMNS, list.map(row)));
    if (list.some(unfinished)) {
      timer = setTimeout(() => {
        if (section.isConnected) refresh();
      }, 1000);
    }
  };
  await refresh();
  return { element: section, refresh };
}

/** @param {string} id */
export async function runScreen(id) {
  const run = await runs.get(id);
  const operation = await operations.get(run.operationId).catch(() => undefined);
  const problem = alertBox('run-error');
  const summary = h('div', {});
  const show = (/** @type {Run} */ r) => summary.replaceChildren(
    table({ id: 'run' }, COLUMNS, [row(r)]),
    h('p', { class: 'hint' }, `Triggered by ${r.trigger}${r.agent ? `, run by agent ${r.agent}` : ''}${r.skippedRecords ? `; ${r.skippedRecords} record(s) skipped by the mapping` : ''}${r.file ? `; wrote ${r.file}` : ''}.`));
  show(run);
  const cancel = h('button', { type: 'button', class: 'danger', hidden: !unfinished(run), onclick: async () => {
    try {
      show(await runs.cancel(run.id));
      cancel.hidden = true;
    } catch (e) {
      say(problem, /** @type {Error} */ (e).message);
    }
  } }, 'Cancel run');
  const errors = await errorsTable(run);
  const records = operation && operation.target === null && !unfinished(run)
    ? h('section', {}, h('h2', {}, 'Records'), await recordsTable(run.sourceRecords ?? undefined, (after, limit) => runs.records(run.id, after, limit), 'run-records'))
    : '';
  return [
    h('section', {}, h('h2', {}, `Run ${run.id} of ${run.operation}`), summary, problem,
      h('div', { class: 'buttons' }, h('a', { href: `#/operations/${run.operationId}`, class: 'button' }, 'Back to the operation'), cancel)),
    errors, records];
}

/**
 * A run's record errors, a page at a time.
 * @param {Run} run
 */
async function errorsTable(run) {
  const section = h('section', {}, h('h2', {}, 'Record errors'));
  const holder = h('div', {});
  section.append(holder);
  /** @param {number | string} after @param {RunError[]} shown */
  const show = async (after, shown) => {
    const page = await runs.errors(run.id, after, PAGE);
    const all = [...shown, ...page.errors];
    const listed = all.length < (run.failedRecords ?? 0) && page.next === null ? h('p', { class: 'hint' }, `${all.length} of ${run.failedRecords} failed records are listed; the rest are counted only.`) : '';
    holder.replaceChildren(
      all.length === 0 ? h('p', {}, 'None.') : table({ id: 'run-errors' }, ['Record #', 'Record id', 'Code', 'Message'], all.map((e) => h('tr', {},
        h('td', { class: 'number' }, e.index + 1), h('td', {}, e.recordId ?? ''), h('td', {}, e.code), h('td', {}, e.message + (e.param ? ` (${e.param})` : ''))))),
      listed,
      page.next === null ? '' : h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: () => show(/** @type {number | string} */ (page.next), all) }, 'More errors')));
  };
  await show(0, []);
  return section;
}
