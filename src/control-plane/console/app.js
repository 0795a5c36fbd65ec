// @ts-check
// The web console: plain DOM and ES modules, talking only to the control plane's HTTP API with the
// admin token. One view per URL hash; the table below is the whole map of the console.

import { SIGNED_OUT, signOut, signedIn } from './api.js';
import { byId, h } from './dom.js';
import { activityList, activityScreen } from './views/activities.js';
import { agentsScreen } from './views/agents.js';
import { connectionList, connectionScreen } from './views/connections.js';
import { recentJobs } from './views/jobs.js';
import { operationList, operationScreen } from './views/operations.js';
import { runHistory, runScreen } from './views/runs.js';
import { signInView } from './views/sign-in.js';

/** @typedef {(...params: string[]) => Promise<Node | string | (Node | string)[]>} View */

/**
 * Hash patterns and their views, first match wins; a pattern's groups are the view's arguments.
 * @type {[RegExp, View][]}
 */
const ROUTES = [
  [/^#\/connections\/new$/, () => connectionScreen(undefined)],
  [/^#\/connections\/([^/]+)$/, (id) => connectionScreen(id)],
  [/^#\/activities\/new$/, () => activityScreen(undefined)],
  [/^#\/activities\/([^/]+)$/, (id) => activityScreen(id)],
  [/^#\/activities$/, () => activityList()],
  [/^#\/operations\/new$/, () => operationScreen(undefined)],
  [/^#\/operations\/([^/]+)$/, (id) => operationScreen(id)],
  [/^#\/operations$/, () => operationList()],
  [/^#\/runs\/([^/]+)$/, (id) => runScreen(id)],
  [/^#\/runs$/, async () => (await runHistory({ limit: 100 })).element],
  [/^#\/jobs$/, async () => recentJobs()],
  [/^#\/agents$/, () => agentsScreen()],
  [/^/, () => connectionList()],
];

const main = byId('main');
let routeTicket = 0;

/** Renders the view of the current hash; a view that finishes after a newer one started is dropped. */
async function route() {
  const ticket = ++routeTicket;
  byId('nav').hidden = !signedIn();
  if (!signedIn()) {
    main.replaceChildren(signInView(afterSignIn));
    return focusFirst();
  }
  const hash = location.hash || '#/connections';
  for (const a of document.querySelectorAll('nav a')) {
    a.toggleAttribute('aria-current', hash.startsWith(a.getAttribute('href') ?? '#'));
  }
  document.querySelector('nav a[aria-current]')?.setAttribute('aria-current', 'page');
  const [pattern, view] = /** @type {[RegExp, View]} */ (ROUTES.find(([p]) => p.test(hash)));
  /** @type {Node | string | (Node | string)[]} */
  let nodes;
  try {
    nodes = await view(...(pattern.exec(hash) ?? []).slice(1).map(decodeURIComponent));
  } catch (e) {
    nodes = h('p', { role: 'alert' }, /** @type {Error} */ (e).message);
  }
  if (ticket !== routeTicket) return;
  main.replaceChildren(...(Array.isArray(nodes) ? nodes : [nodes]));
  focusFirst();
}

function afterSignIn() {
  if (location.hash === '#/connections') route();
  else location.hash = '#/connections';
}

/** A view marks the input a person starts with (`data-focus`). */
function focusFirst() {
  /** @type {HTMLElement | null} */ (main.querySelector('[data-focus]'))?.focus();
}

byId('sign-out').addEventListener('click', () => {
  signOut();
  route();
});
window.addEventListener(SIGNED_OUT, () => route());
window.addEventListener('hashchange', route);
route();
