// @ts-check
// The one door to the control plane's HTTP API: the admin token (kept in session storage), JSON in
// and out, and refusals as ApiRequestError carrying the API's error body.

/** @typedef {import('./types.js').ApiErrorBody} ApiErrorBody */

const TOKEN_KEY = 'stripe-agent.adminToken';

/** Fired on window when the API refused the token, so the app can show the sign-in form again. */
export const SIGNED_OUT = 'stripe-agent:signed-out';

export function signedIn() {
  return Boolean(sessionStorage.getItem(TOKEN_KEY));
}

/** @param {string} token */
export function signIn(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** An API refusal: its status and `{code, message, field?, …}`. */
export class ApiRequestError extends Error {
  /**
   * @param {number} status
   * @param {ApiErrorBody} body
   */
  constructor(status, body) {
    super(body.message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.body = body;
  }

  get code() {
    return this.body.code;
  }

  /** The input the refusal is about, as the API names it (Stripe's `param` where Stripe answered). */
  get field() {
    return this.body.field ?? this.body.param;
  }
}

/**
 * Checks a token without keeping it.
 * @param {string} token
 */
export async function tokenWorks(token) {
  const res = await fetch('/api/v1/policy', { headers: { Authorization: `Bearer ${token}` } });
  return res.ok;
}

/**
 * Calls a route; resolves to its JSON body (null for 204), rejects with ApiRequestError.
 * @param {'GET' | 'POST' | 'PUT' | 'DELETE'} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (res.status === 401) {
    signOut();
    window.dispatchEvent(new Event(SIGNED_OUT));
    throw new ApiRequestError(401, { code: 'unauthorized', message: 'Signed out: the admin token was refused.' });
  }
  const data = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new ApiRequestError(res.status, data?.error ?? { code: 'http', message: `HTTP ${res.status}` });
  return data;
}

/**
 * Polls a GET route until `done` says the thing ended; `onTick` sees every state.
 * @template T
 * @param {() => Promise<T>} read
 * @param {(value: T) => boolean} done
 * @param {(value: T) => void} [onTick]
 * @returns {Promise<T>}
 */
export async function poll(read, done, onTick) {
  for (;;) {
    const value = await read();
    onTick?.(value);
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
