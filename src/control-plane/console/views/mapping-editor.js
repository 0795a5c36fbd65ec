// @ts-check
// An operation's mapping: a JSONata expression applied to each source record, previewed live on a
// few sample records through the control plane (POST /api/v1/mappings/preview), so what the
// console shows is what the agent will compute.

import { ApiRequestError } from '../api.js';
import { activities, jobs, mappings } from '../client.js';
import { alertBox, h, say } from '../dom.js';
import { pointAt } from '../fields.js';

/** @import { SavedActivity } from '../types.js' */

const SAMPLES = 3;

/**
 * @param {string} expression the saved mapping, or ''
 * @param {() => SavedActivity | undefined} source the source activity chosen now
 * @param {HTMLElement} errorBox where the API's refusals of the mapping go (its `field` is `mapping`)
 * @param {() => string | undefined} agentGroup the operation's options.agentGroup: where a files source is read
 */
export function mappingEditor(expression, source, errorBox, agentGroup) {
  const mapping = h('textarea', { id: 'mapping', spellcheck: 'false', 'aria-describedby': 'mapping-error', placeholder: '{"email": email, "name": first_name & " " & last_name}' });
  mapping.value = expression;
  const samples = h('textarea', { id: 'samples', spellcheck: 'false', placeholder: '[{"email": "jenny@example.com", "first_name": "Jenny", "last_name": "Rosen"}]' });
  const samplesError = alertBox('samples-error');
  const preview = h('pre', { id: 'mapping-preview', 'aria-live': 'polite' });
  const note = h('p', { class: 'hint', id: 'samples-note' });

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let ticket = 0;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(show, 250);
  };

  async function show() {
    const mine = ++ticket;
    say(errorBox, '');
    say(samplesError, '');
    /** @type {unknown} */
    let records;
    try {
      records = JSON.parse(samples.value || '[]');
    } catch (e) {
      return say(samplesError, `Sample records are not JSON: ${/** @type {Error} */ (e).message}`);
    }
    if (!Array.isArray(records)) records = [records];
    const list = /** @type {unknown[]} */ (records);
    if (!mapping.value.trim() || list.length === 0) return void (preview.textContent = mapping.value.trim() ? 'Add sample records to see the mapping applied.' : 'No mapping: each source record goes to the target as it is.');
    try {
      const { results } = await mappings.preview(mapping.value, list);
      if (mine !== ticket) return;
      preview.textContent = results.map((r, i) => `#${i + 1} → ${r === null ? '(skipped: the mapping gave nothing)' : JSON.stringify(r, null, 2)}`).join('\n');
    } catch (e) {
      if (mine !== ticket) return;
      preview.textContent = '';
      if (!(e instanceof ApiRequestError)) throw e;
      const record = e.body.index === undefined ? '' : ` (sample record #${e.body.index + 1})`;
      say(e.field === 'records' ? samplesError : errorBox, pointAt(`${e.message}${record}`, mapping.value, e.body.position));
    }
  }

  /**
   * Fills the samples with the source's first records, read by an agent that can read the source
   * (for a files source, one that declares its root): they then pass through the control plane.
   */
  async function takeFromSource() {
    const from = source();
    say(samplesError, '');
    note.textContent = '';
    if (!from) return say(samplesError, 'Choose a source first.');
    note.textContent = `Asking an agent for the first records of ${from.name}…`;
    try {
      const { jobId } = await activities.samples(from.id, SAMPLES, from.type === 'files' ? agentGroup() : undefined);
      const job = await jobs.finished(jobId, (j) => {
        if (j.status === 'queued' && j.message) note.textContent = j.message;
      });
      if (job.status !== 'succeeded') throw new Error(job.error?.message ?? `the sample ${job.status}`);
      const { records } = await jobs.records(jobId, 0, SAMPLES);
      samples.value = JSON.stringify(records, null, 2);
      note.textContent = `The first ${records.length} record(s) of ${from.name}, read by the agent ${job.agent ?? ''}: ` +
        (from.type === 'files' ? 'these records of a files source left it at your request and now pass through the control plane (kept there an hour at most).' : 'they now pass through the control plane.');
      schedule();
    } catch (e) {
      note.textContent = '';
      say(samplesError, `Could not read the source: ${/** @type {Error} */ (e).message}`);
    }
  }

  mapping.addEventListener('input', schedule);
  samples.addEventListener('input', schedule);
  schedule();
  return {
    element: h('div', {},
      h('label', { for: 'mapping' }, 'Mapping (JSONata)'), mapping,
      h('p', { class: 'hint' }, "Evaluated once per source record; its result is the target's input. A result of null or nothing skips the record. Empty: records pass as they are."),
      errorBox,
      h('div', { class: 'grid' },
        h('div', {},
          h('label', { for: 'samples' }, 'Sample records (JSON)'), samples, samplesError, note,
          h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: takeFromSource }, 'Take from the source'))),
        h('div', {}, h('h3', {}, 'Preview'), preview))),
    value: () => mapping.value,
  };
}
