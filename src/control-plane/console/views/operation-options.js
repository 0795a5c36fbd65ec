// @ts-check
// An operation's options: target writes in flight, time limit, log detail, and the actions that
// follow a run's success or failure.

import { h } from '../dom.js';

/** @import { Operation, OperationOptions } from '../types.js' */

/**
 * @param {Operation | undefined} existing
 * @param {Operation[]} others the operations an action may name
 * @param {HTMLElement} errorBox where the API's refusals of `options.…` go
 */
export function optionsEditor(existing, others, errorBox) {
  const options = existing?.options ?? {};
  const concurrency = h('input', { id: 'concurrency', type: 'number', min: 1, max: 32, value: options.concurrency ?? '', placeholder: '8' });
  const timeout = h('input', { id: 'timeout', type: 'number', min: 1, max: 86400, value: options.timeoutS ?? '', placeholder: '7200' });
  const log = h('select', { id: 'log' },
    h('option', { value: 'everything', selected: options.log !== 'errors' }, 'Everything'),
    h('option', { value: 'errors', selected: options.log === 'errors' }, 'Errors only (a scheduled run that succeeds keeps its summary, not its record errors)'));
  const failOnRecordErrors = h('input', { id: 'fail-on-record-errors', type: 'checkbox', checked: options.failOnRecordErrors ?? false });
  /** @param {string} id @param {string | undefined} chosen */
  const action = (id, chosen) => h('select', { id, 'aria-describedby': 'options-error' }, h('option', { value: '' }, '(nothing)'),
    others.filter((o) => o.id !== existing?.id).map((o) => h('option', { value: o.id, selected: o.id === chosen }, o.name)));
  const onSuccess = action('on-success', options.onSuccess);
  const onFailure = action('on-failure', options.onFailure);
  /** @param {HTMLInputElement} input */
  const number = (input) => (input.value ? Number(input.value) : undefined);

  const element = h('fieldset', { class: 'panel' },
    h('legend', {}, 'Options and actions'),
    h('div', { class: 'grid' },
      h('div', {}, h('label', { for: 'concurrency' }, 'Target writes in flight'), concurrency),
      h('div', {}, h('label', { for: 'timeout' }, 'Time limit (seconds)'), timeout, h('p', { class: 'hint' }, 'A run past it is cancelled on its agent and fails with code timeout.')),
      h('div', {}, h('label', { for: 'log' }, 'Log'), log)),
    h('div', { class: 'grid' },
      h('div', {}, h('label', { for: 'on-success' }, 'On success, run'), onSuccess),
      h('div', {}, h('label', { for: 'on-failure' }, 'On failure, run'), onFailure)),
    h('label', {}, failOnRecordErrors, ' A run with failed records counts as a failure'),
    errorBox);

  return {
    element,
    /** @returns {OperationOptions} */
    value: () => ({
      ...options,
      concurrency: number(concurrency),
      timeoutS: number(timeout),
      log: log.value === 'errors' ? 'errors' : undefined,
      failOnRecordErrors: failOnRecordErrors.checked || undefined,
      onSuccess: onSuccess.value || undefined,
      onFailure: onFailure.value || undefined,
    }),
  };
}
