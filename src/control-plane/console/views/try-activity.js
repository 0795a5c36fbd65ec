// @ts-check
// On a connection's screen: run one activity now, as a one-off job, and see its result.

import { jobs } from '../client.js';
import { alertBox, h, say } from '../dom.js';
import { jobDuration } from '../format.js';
import { checkQueryAsTyped, objectPicker } from './object-picker.js';
import { recordsTable } from './records.js';

/** @import { Connection } from '../types.js' */

/**
 * @param {Connection} connection
 */
export async function tryActivityPanel(connection) {
  const picker = await objectPicker();
  const queryError = alertBox('query-error');
  const runError = alertBox('run-error');
  const status = h('p', { id: 'job-status', role: 'status', 'aria-live': 'polite' });
  const result = h('div', { id: 'job-result' });
  const inputs = {
    query: h('input', { id: 'query', type: 'text', placeholder: "email:'jenny@example.com'", 'aria-describedby': 'query-error' }),
    id: h('input', { id: 'object-id', type: 'text' }),
    data: h('textarea', { id: 'data', placeholder: '{"email": "jenny@example.com"}' }),
    maxResults: h('input', { id: 'max-results', type: 'number', min: 1 }),
  };
  const fields = {
    query: h('div', {}, h('label', { for: 'query' }, 'Query'), inputs.query, queryError),
    id: h('div', {}, h('label', { for: 'object-id' }, 'ID'), inputs.id),
    data: h('div', {}, h('label', { for: 'data' }, 'Fields (JSON)'), inputs.data),
    maxResults: h('div', {}, h('label', { for: 'max-results' }, 'Max results'), inputs.maxResults),
  };
  picker.onChange((activity) => {
    fields.query.hidden = activity !== 'search';
    fields.maxResults.hidden = activity !== 'search';
    fields.id.hidden = !['read', 'update', 'delete'].includes(activity);
    fields.data.hidden = !['create', 'update'].includes(activity);
  });
  checkQueryAsTyped(inputs.query, queryError, () => picker.object());

  async function run() {
    say(runError, '');
    result.replaceChildren();
    const a = picker.activity();
    /** @type {Record<string, unknown>} */
    const body = { connectionId: connection.id, activity: a, object: picker.object() };
    if (a === 'search') {
      body.query = inputs.query.value;
      if (inputs.maxResults.value) body.maxResults = Number(inputs.maxResults.value);
    }
    if (['read', 'update', 'delete'].includes(a)) body.id = inputs.id.value.trim();
    if (['create', 'update'].includes(a)) {
      try {
        body.data = JSON.parse(inputs.data.value || '{}');
      } catch (e) {
        return say(runError, `Fields (JSON) is not JSON: ${/** @type {Error} */ (e).message}`);
      }
    }
    try {
      const { id } = await jobs.create(body);
      const job = await jobs.finished(id, (j) => (status.textContent = `Job ${j.id}: ${j.status}`));
      status.textContent = `Job ${job.id}: ${job.status}${job.agent ? ` on ${job.agent}` : ''}${job.connectorVersion ? `, connector ${job.connectorVersion}` : ''}, ${jobDuration(job)}`;
      if (job.status !== 'succeeded') return say(runError, job.error?.message ?? job.status);
      result.replaceChildren(a === 'search'
        ? await recordsTable(job.result.count, (after, limit) => jobs.records(job.id, after, limit))
        : h('pre', { id: 'result-json' }, JSON.stringify(job.result, null, 2)));
    } catch (e) {
      say(runError, /** @type {Error} */ (e).message);
    }
  }

  return h('section', {},
    h('h2', {}, 'Run an activity now'),
    picker.element, fields.query, fields.maxResults, fields.id, fields.data, runError,
    h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'primary', onclick: run }, 'Run')),
    status, result);
}
