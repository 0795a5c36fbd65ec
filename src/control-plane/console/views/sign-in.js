// @ts-check
// The sign-in form: the admin token is checked, then kept for this browser tab only.

import { signIn, tokenWorks } from '../api.js';
import { alertBox, h, say } from '../dom.js';

/**
 * @param {() => void} onSignedIn
 * @returns {HTMLElement}
 */
export function signInView(onSignedIn) {
  const error = alertBox('signin-error');
  const token = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true, 'data-focus': true });
  const form = h('form', { class: 'panel', onsubmit: async (/** @type {Event} */ e) => {
    e.preventDefault();
    const value = token.value.trim();
    if (!(await tokenWorks(value))) return say(error, 'That admin token was refused. It was printed when the control plane first started (or by npm start).');
    signIn(value);
    onSignedIn();
  } },
    h('h2', {}, 'Sign in'),
    h('label', { for: 'token' }, 'Admin token'),
    token,
    error,
    h('div', { class: 'buttons' }, h('button', { class: 'primary', type: 'submit' }, 'Sign in')));
  return form;
}
