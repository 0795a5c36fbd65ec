// The web console: plain DOM, talking only to the control plane's HTTP API with the admin token
// (kept in session storage). Views by URL hash: #/connections, #/connections/new,
// #/connections/<id>, #/jobs, #/agents.

const main = document.getElementById('main');
const TOKEN_KEY = 'stripe-agent.adminToken';
const ACTIVITIES = ['search', 'read', 'create', 'update', 'delete'];
const LABELS = { search: 'Search', read: 'Read', create: 'Create', update: 'Update', delete: 'Delete' };
const PAGE = 25;

/** Builds an element: h('label', { for: 'x' }, 'text', child…). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === undefined || v === null) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    route();
    throw new Error('Signed out: the admin token was refused.');
  }
  const data = res.status === 204 ? null : await res.json();
  if (!res.ok) throw Object.assign(new Error(data?.error?.message ?? `HTTP ${res.status}`), { status: res.status, body: data });
  return data;
}

function confirmDialog(message, ok) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-message').textContent = message;
  document.getElementById('confirm-ok').textContent = ok;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}

function alertBox(id) {
  return h('p', { id, role: 'alert', hidden: true });
}

function say(box, message) {
  box.textContent = message ?? '';
  box.hidden = !message;
}

async function waitForJob(id, onTick) {
  for (;;) {
    const job = await api('GET', `/api/v1/jobs/${id}`);
    onTick?.(job);
    if (!['queued', 'running'].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 300));
  }
}

function fmtDuration(job) {
  return job.finishedAt ? `${Date.parse(job.finishedAt) - Date.parse(job.createdAt)} ms` : '';
}

// --- Sign in ---------------------------------------------------------------------------------

function signIn() {
  const error = alertBox('signin-error');
  const form = h('form', { class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    const token = form.token.value.trim();
    const res = await fetch('/api/v1/policy', { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) return say(error, 'That admin token was refused. It was printed when the control plane first started (or by npm start).');
    sessionStorage.setItem(TOKEN_KEY, token);
    if (location.hash === '#/connections') route();
    else location.hash = '#/connections';
  } },
    h('h2', {}, 'Sign in'),
    h('label', { for: 'token' }, 'Admin token'),
    h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true }),
    error,
    h('div', { class: 'buttons' }, h('button', { class: 'primary', type: 'submit' }, 'Sign in')));
  main.replaceChildren(form);
  form.token.focus();
}

// --- Connections -----------------------------------------------------------------------------

async function connectionList() {
  const list = await api('GET', '/api/v1/connections');
  return [h('section', {},
    h('h2', {}, 'Stripe connections'),
    list.length === 0 ? h('p', {}, 'No connection yet.') : h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Connection Name'), h('th', {}, 'API Key'), h('th', {}, 'Agent group'), h('th', {}, 'Proxy'))),
      h('tbody', {}, list.map((c) => h('tr', {},
        h('td', {}, h('a', { href: `#/connections/${c.id}` }, c.name)), h('td', {}, c.apiKey), h('td', {}, c.agentGroup), h('td', {}, c.useProxySettings ? 'yes' : 'no'))))),
    h('div', { class: 'buttons' }, h('a', { href: '#/connections/new', class: 'button primary' }, 'New connection')))];
}

async function connectionScreen(id) {
  const existing = id ? await api('GET', `/api/v1/connections/${id}`) : undefined;
  const groups = await api('GET', '/api/v1/agent-groups');
  let dirty = false;
  const errors = { name: alertBox('name-error'), apiKey: alertBox('key-error'), apiBase: alertBox('base-error'), form: alertBox('form-error') };
  const outcome = h('div', { id: 'test-outcome', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'panel', oninput: () => (dirty = true), onsubmit: (e) => e.preventDefault() },
    h('h2', {}, existing ? `Connection: ${existing.name}` : 'New Stripe connection'),
    h('div', { class: 'grid' },
      h('div', {},
        h('label', { for: 'name' }, 'Connection Name'),
        h('input', { id: 'name', name: 'name', type: 'text', required: true, value: existing?.name ?? '', 'aria-describedby': 'name-error' }),
        errors.name),
      h('div', {},
        h('label', { for: 'apiKey' }, 'API Key'),
        h('input', { id: 'apiKey', name: 'apiKey', type: 'password', autocomplete: 'off', placeholder: existing ? `${existing.apiKey} (kept unless you type a new one)` : 'sk_test_… or rk_…', 'aria-describedby': 'key-error' }),
        errors.apiKey),
      h('div', {},
        h('label', { for: 'agentGroup' }, 'Agent group'),
        h('select', { id: 'agentGroup', name: 'agentGroup' }, groups.map((g) => h('option', { value: g.name, selected: (existing?.agentGroup ?? 'default') === g.name }, g.name)))),
      h('div', {},
        h('label', { for: 'apiBase' }, 'API base URL'),
        h('input', { id: 'apiBase', name: 'apiBase', type: 'text', value: existing?.apiBase ?? 'https://api.stripe.com', 'aria-describedby': 'base-error' }),
        h('p', { class: 'hint' }, 'Advanced: https://api.stripe.com, or the offline sandbox for trials.'),
        errors.apiBase)),
    h('label', { class: 'inline', for: 'useProxySettings' },
      h('input', { id: 'useProxySettings', name: 'useProxySettings', type: 'checkbox', checked: existing?.useProxySettings ?? false }),
      'Use Proxy Settings (Private Agent Only)'),
    h('p', { class: 'hint' }, "Sends this connection's Stripe traffic through the proxy configured on the private agents of its group."),
    errors.form,
    h('div', { class: 'buttons' },
      h('button', { type: 'button', onclick: () => test() }, 'Test'),
      h('button', { type: 'button', class: 'primary', onclick: () => save() }, 'Save Changes'),
      h('button', { type: 'button', onclick: () => discard() }, 'Discard Changes'),
      h('span', { class: 'spacer' }),
      existing && h('button', { type: 'button', class: 'danger', onclick: () => remove() }, 'Delete')),
    outcome);

  const values = () => {
    const v = { name: form.name.value.trim(), useProxySettings: form.useProxySettings.checked, apiBase: form.apiBase.value.trim(), agentGroup: form.agentGroup.value };
    if (form.apiKey.value) v.apiKey = form.apiKey.value.trim();
    return v;
  };
  const clearErrors = () => Object.values(errors).forEach((box) => say(box, ''));
  /** Puts an API refusal next to the field it concerns. */
  const showError = (e) => {
    const message = e.message;
    const field = e.status === 409 && e.body?.error?.code === 'duplicate_name' ? 'name'
      : /\bname\b/i.test(message) ? 'name' : /apiKey|API key|key/i.test(message) ? 'apiKey' : /apiBase/i.test(message) ? 'apiBase' : 'form';
    say(errors[field], message);
  };
  const checkName = () => {
    const name = form.name.value;
    if (!name.trim()) return 'Connection Name is required.';
    if (/[/:]/.test(name)) return "Connection Name must not contain '/' or ':' (it also names the endpoint).";
    return '';
  };

  async function save() {
    clearErrors();
    const local = checkName();
    if (local) return say(errors.name, local);
    try {
      if (existing) await api('PUT', `/api/v1/connections/${existing.id}`, values());
      else await api('POST', '/api/v1/connections', values());
      location.hash = '#/connections';
    } catch (e) {
      showError(e);
    }
  }

  async function discard() {
    if (dirty && !(await confirmDialog('Discard your changes to this connection?', 'Discard'))) return;
    location.hash = '#/connections';
  }

  async function remove() {
    clearErrors();
    if (!(await confirmDialog(`Delete the connection ${existing.name} permanently?`, 'Delete'))) return;
    try {
      await api('DELETE', `/api/v1/connections/${existing.id}`);
      location.hash = '#/connections';
    } catch (e) {
      say(errors.form, e.status === 409 ? `Not deleted: ${e.message}` : e.message);
    }
  }

  async function test() {
    clearErrors();
    outcome.className = 'outcome';
    outcome.textContent = 'Testing on an agent of the group…';
    try {
      const { jobId } = await api('POST', '/api/v1/connection-tests', { ...(existing ? { id: existing.id } : {}), ...values() });
      const job = await waitForJob(jobId, (j) => (outcome.textContent = j.status === 'queued' ? 'Waiting for an agent of the group…' : 'Testing…'));
      if (job.status === 'succeeded') {
        const r = job.result;
        outcome.className = 'outcome ok';
        outcome.textContent = `Connection OK — ${r.mode} mode, ${r.keyKind} key, ${r.latencyMs} ms, on agent ${job.agent}, connector ${job.connectorVersion}.${r.note ? ` ${r.note}` : ''}`;
      } else {
        outcome.className = 'outcome failed';
        outcome.textContent = `Test failed: ${job.error?.message ?? job.status}`;
      }
    } catch (e) {
      outcome.textContent = '';
      outcome.className = '';
      showError(e);
    }
  }

  return [form, existing ? await activityPanel(existing) : '', existing ? await recentJobs(existing.id) : ''];
}

// --- Activities ------------------------------------------------------------------------------

async function activityPanel(connection) {
  let catalog = await api('GET', '/api/v1/catalog');
  const objectSelect = h('select', { id: 'object', name: 'object' });
  const filter = h('input', { id: 'object-filter', type: 'search', placeholder: 'customers, charges…' });
  const activity = h('select', { id: 'activity' }, ACTIVITIES.map((a) => h('option', { value: a }, LABELS[a])));
  const schemas = h('div', {});
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

  const fillObjects = () => {
    const needle = filter.value.trim().toLowerCase();
    const chosen = objectSelect.value;
    // An exact name first, then names that start with what was typed, then the rest that contain it.
    const rank = (name) => (name === needle ? 0 : name.startsWith(needle) ? 1 : 2);
    const matching = catalog
      .filter((e) => e.activities.includes(activity.value) && e.object.toLowerCase().includes(needle))
      .sort((a, b) => rank(a.object) - rank(b.object) || a.object.localeCompare(b.object));
    objectSelect.replaceChildren(...matching.map((e) => h('option', { value: e.object, selected: e.object === chosen }, e.object)));
    showInputs();
  };
  const showInputs = async () => {
    const a = activity.value;
    fields.query.hidden = a !== 'search';
    fields.maxResults.hidden = a !== 'search';
    fields.id.hidden = !['read', 'update', 'delete'].includes(a);
    fields.data.hidden = !['create', 'update'].includes(a);
    schemas.replaceChildren();
    if (!objectSelect.value) return;
    const entry = await api('GET', `/api/v1/catalog/${objectSelect.value}`);
    const request = a === 'create' ? entry.requestSchema.create : a === 'update' ? entry.requestSchema.update : null;
    schemas.replaceChildren(
      a === 'search' && entry.searchFields ? h('p', { class: 'hint' }, `Search fields: ${Object.entries(entry.searchFields).map(([k, t]) => `${k} (${t})`).join(', ')}`) : '',
      request ? h('details', {}, h('summary', {}, 'Request schema'), h('pre', {}, JSON.stringify(request, null, 2))) : '',
      entry.responseSchema ? h('details', {}, h('summary', {}, 'Response schema'), h('pre', {}, JSON.stringify(entry.responseSchema, null, 2))) : '');
  };
  let checkTimer;
  inputs.query.addEventListener('input', () => {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(async () => {
      if (!inputs.query.value) return say(queryError, '');
      const check = await api('POST', `/api/v1/catalog/${objectSelect.value}/query-check`, { query: inputs.query.value });
      if (check.ok) return say(queryError, '');
      say(queryError, check.error.offset === undefined ? check.error.message
        : `${check.error.message}\n${inputs.query.value}\n${' '.repeat(check.error.offset)}^`);
    }, 200);
  });
  filter.addEventListener('input', fillObjects);
  activity.addEventListener('change', fillObjects);
  objectSelect.addEventListener('change', showInputs);

  async function run() {
    say(runError, '');
    result.replaceChildren();
    const a = activity.value;
    const body = { connectionId: connection.id, activity: a, object: objectSelect.value };
    if (a === 'search') {
      body.query = inputs.query.value;
      if (inputs.maxResults.value) body.maxResults = Number(inputs.maxResults.value);
    }
    if (['read', 'update', 'delete'].includes(a)) body.id = inputs.id.value.trim();
    if (['create', 'update'].includes(a)) {
      try {
        body.data = JSON.parse(inputs.data.value || '{}');
      } catch (e) {
        return say(runError, `Fields (JSON) is not JSON: ${e.message}`);
      }
    }
    try {
      const { id } = await api('POST', '/api/v1/jobs', body);
      const job = await waitForJob(id, (j) => (status.textContent = `Job ${j.id}: ${j.status}`));
      status.textContent = `Job ${job.id}: ${job.status}${job.agent ? ` on ${job.agent}` : ''}${job.connectorVersion ? `, connector ${job.connectorVersion}` : ''}, ${fmtDuration(job)}`;
      if (job.status !== 'succeeded') return say(runError, job.error?.message ?? job.status);
      result.replaceChildren(a === 'search' ? await recordsTable(job) : h('pre', { id: 'result-json' }, JSON.stringify(job.result, null, 2)));
    } catch (e) {
      say(runError, e.message);
    }
  }

  fillObjects();
  return h('section', {},
    h('h2', {}, 'Activities'),
    h('div', { class: 'grid' },
      h('div', {}, h('label', { for: 'activity' }, 'Activity'), activity),
      h('div', {}, h('label', { for: 'object-filter' }, 'Find an object'), filter),
      h('div', {}, h('label', { for: 'object' }, 'Object'), objectSelect,
        h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: async () => { catalog = await api('GET', '/api/v1/catalog'); fillObjects(); } }, 'Refresh')))),
    schemas, fields.query, fields.maxResults, fields.id, fields.data, runError,
    h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'primary', onclick: run }, 'Run')),
    status, result);
}

/** A search's records as a table that pages, each row's whole record a click away. */
async function recordsTable(job) {
  const holder = h('div', {});
  const show = async (after) => {
    const page = await api('GET', `/api/v1/jobs/${job.id}/records?after=${after}&limit=${PAGE}`);
    const keys = ['id', ...['email', 'name', 'amount', 'currency', 'status', 'created'].filter((k) => page.records.some((r) => k in r))];
    holder.replaceChildren(
      h('p', {}, `${job.result.count} records; showing ${page.records.length ? `${after + 1}–${after + page.records.length}` : 'none'}.`),
      h('table', { id: 'records' }, h('thead', {}, h('tr', {}, keys.map((k) => h('th', {}, k)))),
        h('tbody', {}, page.records.map((r) => h('tr', {}, keys.map((k) => h('td', {}, r[k] ?? '')))))),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', disabled: after === 0, onclick: () => show(Math.max(0, after - PAGE)) }, 'Previous page'),
        h('button', { type: 'button', disabled: page.next === null, onclick: () => show(after + PAGE) }, 'Next page')),
      h('details', {}, h('summary', {}, 'This page as JSON'), h('pre', {}, JSON.stringify(page.records, null, 2))));
  };
  await show(0);
  return holder;
}

async function recentJobs(connectionId) {
  const jobs = (await api('GET', '/api/v1/jobs?limit=100')).filter((j) => !connectionId || j.connectionId === connectionId).slice(0, 20);
  return h('section', {},
    h('h2', {}, 'Recent jobs'),
    jobs.length === 0 ? h('p', {}, 'None yet.') : h('table', { id: 'jobs' },
      h('thead', {}, h('tr', {}, ['Job', 'Activity', 'Object', 'Status', 'Agent', 'Connector', 'Duration'].map((t) => h('th', {}, t)))),
      h('tbody', {}, jobs.map((j) => h('tr', {},
        h('td', {}, j.id), h('td', {}, j.activity), h('td', {}, j.object ?? ''), h('td', { class: `status-${j.status}` }, j.status),
        h('td', {}, j.agent ?? ''), h('td', {}, j.connectorVersion ?? ''), h('td', {}, fmtDuration(j)))))));
}

// --- Agents and the organization ------------------------------------------------------------

async function agentsScreen() {
  const [agents, groups, policy] = await Promise.all([api('GET', '/api/v1/agents'), api('GET', '/api/v1/agent-groups'), api('GET', '/api/v1/policy')]);
  const policyError = alertBox('policy-error');
  const toggle = h('input', { id: 'policy', type: 'checkbox', role: 'switch', checked: policy.disableAutoConnectorUpdate, onchange: async () => {
    try {
      await api('PUT', '/api/v1/policy', { disableAutoConnectorUpdate: toggle.checked });
      say(policyError, '');
    } catch (e) {
      toggle.checked = !toggle.checked;
      say(policyError, e.message);
    }
  } });
  return [
    h('section', {},
      h('h2', {}, 'Organization policy'),
      h('label', { class: 'inline', for: 'policy' }, toggle, 'Disable Auto Connector Update'),
      h('p', { class: 'hint' }, 'When on, no agent downloads a new connector version, not even when a connection is tested; agents keep the version they have.'),
      policyError),
    ...groups.map((g) => h('section', {},
      h('h2', {}, `Agent group: ${g.name}`),
      h('table', {},
        h('thead', {}, h('tr', {}, ['Agent', 'Connected', 'Last seen', 'Version', 'Connectors', 'Jobs running'].map((t) => h('th', {}, t)))),
        h('tbody', {}, agents.filter((a) => a.group === g.name).map((a) => h('tr', {},
          h('td', {}, a.name), h('td', {}, a.connected ? 'yes' : 'no'), h('td', {}, new Date(a.lastSeen).toLocaleString()),
          h('td', {}, a.version), h('td', {}, Object.entries(a.connectors).map(([k, v]) => `${k} ${v}`).join(', ')), h('td', {}, a.running)))))))];
}

// --- Routing --------------------------------------------------------------------------------

let routeTicket = 0;

/** Renders the view of the current hash; a view that finishes after a newer one started is dropped. */
async function route() {
  const ticket = ++routeTicket;
  const signedIn = Boolean(sessionStorage.getItem(TOKEN_KEY));
  document.getElementById('nav').hidden = !signedIn;
  if (!signedIn) return signIn();
  const hash = location.hash || '#/connections';
  for (const a of document.querySelectorAll('nav a')) a.toggleAttribute('aria-current', hash.startsWith(a.getAttribute('href')));
  document.querySelector('nav a[aria-current]')?.setAttribute('aria-current', 'page');
  let nodes;
  const m = /^#\/connections\/(.+)$/.exec(hash);
  try {
    if (m) nodes = await connectionScreen(m[1] === 'new' ? undefined : m[1]);
    else if (hash === '#/jobs') nodes = [await recentJobs()];
    else if (hash === '#/agents') nodes = await agentsScreen();
    else nodes = await connectionList();
  } catch (e) {
    nodes = [h('p', { role: 'alert' }, e.message)];
  }
  if (ticket !== routeTicket) return;
  main.replaceChildren(...nodes);
  if (m) document.getElementById('name')?.focus();
}

document.getElementById('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  route();
});
window.addEventListener('hashchange', route);
route();
