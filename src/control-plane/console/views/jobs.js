// @ts-check
// The newest jobs, of one connection or of all.

import { jobs } from '../client.js';
import { h, table } from '../dom.js';
import { jobDuration } from '../format.js';

/** @param {string} [connectionId] */
export async function recentJobs(connectionId) {
  const list = (await jobs.list(100)).filter((j) => !connectionId || j.connectionId === connectionId).slice(0, 20);
  return h('section', {},
    h('h2', {}, 'Recent jobs'),
    list.length === 0 ? h('p', {}, 'None yet.') : table({ id: 'jobs' }, ['Job', 'Activity', 'Object', 'Status', 'Agent', 'Connector', 'Duration'], list.map((j) => h('tr', {},
      h('td', {}, j.id), h('td', {}, j.activity), h('td', {}, j.object ?? ''), h('td', { class: `status-${j.status}` }, j.status),
      h('td', {}, j.agent ?? ''), h('td', {}, j.connectorVersion ?? ''), h('td', {}, jobDuration(j))))));
}
