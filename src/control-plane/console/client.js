// @ts-check
// The API's routes, one typed function each (docs/api.md is the contract). Views call these, not paths.

import { api, poll } from './api.js';

/** @import * as T from './types.js' */

/** @param {string} id */
const seg = (id) => encodeURIComponent(id);

/** @param {Record<string, string | number | undefined>} params */
function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const connections = {
  /** @returns {Promise<T.Connection[]>} */
  list: () => api('GET', '/api/v1/connections'),
  /** @param {string} id @returns {Promise<T.Connection>} */
  get: (id) => api('GET', `/api/v1/connections/${seg(id)}`),
  /** @param {T.ConnectionDraft} draft @returns {Promise<T.Connection>} */
  create: (draft) => api('POST', '/api/v1/connections', draft),
  /** @param {string} id @param {T.ConnectionDraft} draft @returns {Promise<T.Connection>} */
  update: (id, draft) => api('PUT', `/api/v1/connections/${seg(id)}`, draft),
  /** @param {string} id @returns {Promise<null>} */
  remove: (id) => api('DELETE', `/api/v1/connections/${seg(id)}`),
  /** Tests the values as typed, saved or not. @param {T.ConnectionDraft & {id?: string}} draft @returns {Promise<{jobId: string}>} */
  test: (draft) => api('POST', '/api/v1/connection-tests', draft),
};

export const jobs = {
  /** @param {number} limit @returns {Promise<T.Job[]>} */
  list: (limit) => api('GET', `/api/v1/jobs${qs({ limit })}`),
  /** @param {string} id @returns {Promise<T.Job>} */
  get: (id) => api('GET', `/api/v1/jobs/${seg(id)}`),
  /** @param {Record<string, unknown>} body @returns {Promise<{id: string}>} */
  create: (body) => api('POST', '/api/v1/jobs', body),
  /** @param {string} id @param {number} after @param {number} limit @returns {Promise<T.RecordPage>} */
  records: (id, after, limit) => api('GET', `/api/v1/jobs/${seg(id)}/records${qs({ after, limit })}`),
  /**
   * Resolves once the job ended.
   * @param {string} id
   * @param {(job: T.Job) => void} [onTick]
   */
  finished: (id, onTick) => poll(() => jobs.get(id), (j) => !['queued', 'running'].includes(j.status), onTick),
};

export const catalog = {
  /** @returns {Promise<T.CatalogSummary[]>} */
  list: () => api('GET', '/api/v1/catalog'),
  /** @param {string} object @returns {Promise<T.CatalogEntry>} */
  get: (object) => api('GET', `/api/v1/catalog/${seg(object)}`),
  /** @param {string} object @param {string} query @returns {Promise<T.QueryCheck>} */
  checkQuery: (object, query) => api('POST', `/api/v1/catalog/${seg(object)}/query-check`, { query }),
};

export const organization = {
  /** @returns {Promise<T.Agent[]>} */
  agents: () => api('GET', '/api/v1/agents'),
  /** Asks the agent to take no more work and finish what runs. @param {string} id @returns {Promise<T.Agent>} */
  drain: (id) => api('POST', `/api/v1/agents/${seg(id)}/drain`),
  /** Undoes a drain. @param {string} id @returns {Promise<T.Agent>} */
  resume: (id) => api('POST', `/api/v1/agents/${seg(id)}/resume`),
  /** @returns {Promise<T.AgentGroup[]>} */
  groups: () => api('GET', '/api/v1/agent-groups'),
  /** @returns {Promise<T.Policy>} */
  policy: () => api('GET', '/api/v1/policy'),
  /** @param {T.Policy} policy @returns {Promise<T.Policy>} */
  setPolicy: (policy) => api('PUT', '/api/v1/policy', policy),
};

export const activities = {
  /** @returns {Promise<T.SavedActivity[]>} */
  list: () => api('GET', '/api/v1/activities'),
  /** @param {string} id @returns {Promise<T.SavedActivity>} */
  get: (id) => api('GET', `/api/v1/activities/${seg(id)}`),
  /** @param {T.StripeActivity | T.FilesActivity} body @returns {Promise<T.SavedActivity>} */
  create: (body) => api('POST', '/api/v1/activities', body),
  /** @param {string} id @param {T.StripeActivity | T.FilesActivity} body @returns {Promise<T.SavedActivity>} */
  update: (id, body) => api('PUT', `/api/v1/activities/${seg(id)}`, body),
  /** @param {string} id @returns {Promise<null>} */
  remove: (id) => api('DELETE', `/api/v1/activities/${seg(id)}`),
  /**
   * Reads a source's first records on an agent that can (a job: its records come with jobs.records).
   * @param {string} id @param {number} limit @param {string | undefined} agentGroup for a files source
   * @returns {Promise<{jobId: string}>}
   */
  samples: (id, limit, agentGroup) => api('POST', `/api/v1/activities/${seg(id)}/samples`, agentGroup ? { limit, agentGroup } : { limit }),
};

export const operations = {
  /** @returns {Promise<T.Operation[]>} */
  list: () => api('GET', '/api/v1/operations'),
  /** @param {string} id @returns {Promise<T.Operation>} */
  get: (id) => api('GET', `/api/v1/operations/${seg(id)}`),
  /** @param {T.OperationDraft} body @returns {Promise<T.Operation>} */
  create: (body) => api('POST', '/api/v1/operations', body),
  /** @param {string} id @param {T.OperationDraft} body @returns {Promise<T.Operation>} */
  update: (id, body) => api('PUT', `/api/v1/operations/${seg(id)}`, body),
  /** @param {string} id @returns {Promise<null>} */
  remove: (id) => api('DELETE', `/api/v1/operations/${seg(id)}`),
  /** @param {string} id @returns {Promise<{id: string}>} */
  run: (id) => api('POST', `/api/v1/operations/${seg(id)}/runs`, { trigger: 'manual' }),
};

export const runs = {
  /** @param {{operationId?: string, limit?: number}} filter @returns {Promise<T.Run[]>} */
  list: (filter) => api('GET', `/api/v1/runs${qs(filter)}`),
  /** @param {string} id @returns {Promise<T.Run>} */
  get: (id) => api('GET', `/api/v1/runs/${seg(id)}`),
  /** @param {string} id @param {number | string} after @param {number} limit @returns {Promise<T.RunErrorPage>} */
  errors: (id, after, limit) => api('GET', `/api/v1/runs/${seg(id)}/errors${qs({ after, limit })}`),
  /** @param {string} id @param {number | string} after @param {number} limit @returns {Promise<T.RecordPage>} */
  records: (id, after, limit) => api('GET', `/api/v1/runs/${seg(id)}/records${qs({ after, limit })}`),
  /** @param {string} id @returns {Promise<T.Run>} */
  cancel: (id) => api('POST', `/api/v1/runs/${seg(id)}/cancel`, {}),
};

export const schedules = {
  /** @param {{cron: string, timezone: string}} schedule @returns {Promise<{next: string[]}>} */
  preview: (schedule) => api('POST', '/api/v1/schedules/preview', schedule),
};

export const mappings = {
  /** @param {string} expression @param {unknown[]} records @returns {Promise<T.MappingPreview>} */
  preview: (expression, records) => api('POST', '/api/v1/mappings/preview', { expression, records }),
};
