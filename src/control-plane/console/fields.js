// @ts-check
// Puts an API refusal next to the input it is about. The API names that input in the error's
// `field` (or Stripe's `param`); the console never guesses it from the message's wording.

import { ApiRequestError } from './api.js';
import { say } from './dom.js';

/**
 * The boxes of a form: one per field the API may name, and `form` for the rest.
 * @typedef {Record<string, HTMLElement> & {form: HTMLElement}} ErrorBoxes
 */

/**
 * Shows `error` in the box of the field it names, else in the form's box.
 * @param {ErrorBoxes} boxes
 * @param {unknown} error
 * @param {(message: string, error: ApiRequestError) => string} [word] rewords a refusal for the person
 */
export function showError(boxes, error, word) {
  if (!(error instanceof ApiRequestError)) return say(boxes.form, error instanceof Error ? error.message : String(error));
  const named = error.field;
  // A nested field (`data.email`, `options.limit`) belongs to the box of its top-level input.
  const box = named ? boxes[named] ?? boxes[named.split(/[.[]/)[0] ?? ''] : undefined;
  say(box ?? boxes.form, word ? word(error.message, error) : error.message);
}

/** @param {ErrorBoxes} boxes */
export function clearErrors(boxes) {
  for (const box of Object.values(boxes)) say(box, '');
}

/**
 * Marks where in a one-line text a refusal points: the text, and a caret under the character.
 * @param {string} message
 * @param {string} text
 * @param {number | undefined} at zero-based
 */
export function pointAt(message, text, at) {
  if (at === undefined) return message;
  const lines = text.split('\n');
  // JSONata counts positions over the whole expression; show the line that holds it.
  let offset = at;
  for (const line of lines) {
    if (offset <= line.length) return `${message}\n${line}\n${' '.repeat(offset)}^`;
    offset -= line.length + 1;
  }
  return message;
}
