import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod's small build for every schema: its checks are functions (`.check(z.maxLength(…))`), and the
 * bundle keeps only those used, where the full API loaded in a quarter of an agent's start. It
 * carries no messages of its own: importing this module sets the English ones the full build
 * sets. Schema modules import `zod/mini` themselves (a namespace passed on as a value would keep
 * all of it) and this module for the messages and two shorthands.
 */
z.config(en());

/** A string of `min` to `max` characters. */
export const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
/** A whole number from `min` (to `max`). */
export const count = (min: number, max?: number) => z.int().check(z.minimum(min), ...(max === undefined ? [] : [z.maximum(max)]));

