import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/sandbox/server.js';
import { ADMIN, api, finished, startAgent, startControlPlane, stopAll, waitFor, type AgentProcess, type Api, type ControlPlaneProcess } from './support/cluster.js';
import { call, startSandbox, testKey } from './support/sandbox.js';

const CHROMIUM = '/usr/bin/chromium';
/** Set SCREENSHOT to a path to keep the connection screen there (docs/console-connection.png is made so). */
const SCREENSHOT = process.env.SCREENSHOT ?? join(tmpdir(), 'console-connection.png');
/** The same for the operation editor with its mapping preview (docs/console-operation.png). */
const OPERATION_SCREENSHOT = process.env.OPERATION_SCREENSHOT ?? join(tmpdir(), 'console-operation.png');

let sandbox: Sandbox;
let cp: ControlPlaneProcess;
let agent: AgentProcess;
/** The agent's files root `drop`: only the agent reads it. */
let drop: string;
let rest: Api;
let browser: Browser;
let page: Page;
const key = testKey();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); .ci/run does.`);
  sandbox = await startSandbox();
  cp = await startControlPlane({ leaseMs: 5000, heartbeatMs: 500, apiBases: [sandbox.url] });
  rest = api(cp.url);
  drop = mkdtempSync(join(tmpdir(), 'console-drop-'));
  agent = await startAgent(cp.url, { name: 'browser-agent', args: ['--files-root', `drop=${drop}`] });
  await waitFor(async () => (await rest('GET', '/api/v1/agents')).body.some((a: any) => a.connected), 'the agent to connect');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // A closed network: no background traffic (playwright gives it a fresh profile of its own).
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(cp.url);
  await page.getByLabel('Admin token').fill(ADMIN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Stripe connections' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopAll(agent, cp);
  await sandbox?.close();
});

async function openConnection(name: string): Promise<void> {
  await page.goto(`${cp.url}/#/connections`);
  await page.getByRole('link', { name }).click();
  await page.getByLabel('Connection Name').waitFor();
}

describe('the web console in a real browser', () => {
  it('refuses a wrong admin token', async () => {
    const other = await browser.newPage();
    await other.goto(cp.url);
    await other.getByLabel('Admin token').fill('not-the-token');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => other.getByRole('alert').textContent()).toMatch(/admin token was refused/);
    await other.close();
  });

  it('creates a connection, showing each validation error next to its field', async () => {
    await rest('POST', '/api/v1/connections', { name: 'Taken', apiKey: key, apiBase: sandbox.url });
    await page.getByRole('link', { name: 'New connection' }).click();
    const name = page.getByLabel('Connection Name');
    // The screen renders once its groups have loaded: wait for it before counting its fields.
    await name.waitFor();
    const save = page.getByRole('button', { name: 'Save Changes' });
    for (const label of ['Connection Name', 'API Key', 'Use Proxy Settings (Private Agent Only)', 'Agent group', 'API base URL', 'Requests per second', 'Searches per second']) {
      await expect(page.getByLabel(label).count()).resolves.toBe(1);
    }

    await name.fill('billing/eu');
    await save.click();
    await expect.poll(() => page.locator('#name-error').textContent()).toMatch(/must not contain '\/' or ':'/);

    await name.fill('Taken');
    await page.getByLabel('API Key').fill(key);
    await page.getByLabel('API base URL').fill(sandbox.url);
    await save.click();
    await expect.poll(() => page.locator('#name-error').textContent()).toMatch(/already exists/);

    await name.fill('Browser Sandbox');
    await page.getByLabel('API Key').fill('pk_test_123');
    await save.click();
    await expect.poll(() => page.locator('#key-error').textContent()).toMatch(/publishable key/);

    await page.getByLabel('API Key').fill(key);
    await page.getByLabel('Requests per second').fill('0');
    await save.click();
    await expect.poll(() => page.locator('#rate-error').textContent()).toMatch(/rateLimit must be a number of requests per second/);

    await page.getByLabel('Requests per second').fill('80');
    await save.click();
    await page.getByRole('link', { name: 'Browser Sandbox' }).waitFor();
    const stored = (await rest('GET', '/api/v1/connections')).body.find((c: any) => c.name === 'Browser Sandbox');
    expect(stored).toMatchObject({ apiBase: sandbox.url, apiKey: `sk_test_…${key.slice(-4)}`, agentGroup: 'default', rateLimit: 80 });
    expect(stored.searchRateLimit).toBeUndefined();
  });

  it('tests the values on the screen: ok against the sandbox, and a wrong key in words', async () => {
    await openConnection('Browser Sandbox');
    await page.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => page.locator('#test-outcome').textContent(), { timeout: 20_000 }).toMatch(
      /Connection OK — test mode, secret key, \d+ ms, on agent browser-agent, connector 1\.0\.0/,
    );
    await page.screenshot({ path: SCREENSHOT, fullPage: false });

    await page.getByLabel('API Key').fill('sk_live_notAKeyThisSandboxTakes0000');
    await page.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => page.locator('#test-outcome').textContent(), { timeout: 20_000 }).toMatch(/Test failed: Stripe refused the API key/);
  });

  it('asks before discarding changes, then closes without saving', async () => {
    await openConnection('Browser Sandbox');
    await page.getByLabel('Connection Name').fill('Renamed but not saved');
    await page.getByRole('button', { name: 'Discard Changes' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toMatch(/Discard your changes/);
    await dialog.getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('heading', { name: 'Stripe connections' }).waitFor();
    expect((await rest('GET', '/api/v1/connections')).body.map((c: any) => c.name)).toContain('Browser Sandbox');
  });

  it('runs a create and a search through the agent and shows their results; shows a query error with its position', async () => {
    await openConnection('Browser Sandbox');
    await page.getByLabel('Activity').selectOption('create');
    await page.getByLabel('Find an object').fill('Customers');
    await expect.poll(() => page.getByLabel('Object', { exact: true }).inputValue()).toBe('customers');
    await page.getByText('Request schema').waitFor();
    await page.getByLabel('Fields (JSON)').fill('{"email": "console@example.com", "name": "Console Person"}');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => page.locator('#result-json').textContent(), { timeout: 20_000 }).toMatch(/"email": "console@example.com"/);
    await expect.poll(() => page.locator('#job-status').textContent()).toMatch(/succeeded on browser-agent, connector 1\.0\.0/);

    await page.getByLabel('Activity').selectOption('search');
    await page.getByLabel('Query').fill('email:console@example.com');
    await expect.poll(() => page.locator('#query-error').textContent()).toMatch(/strings must be quoted[\s\S]*\(at offset 6\)[\s\S]*\n {6}\^/);
    await page.getByLabel('Query').fill("email:'console@example.com'");
    await expect.poll(() => page.locator('#query-error').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => page.locator('#records').textContent(), { timeout: 20_000 }).toMatch(/console@example\.com/);
    await page.getByRole('heading', { name: 'Recent jobs' }).waitFor();
  });

  it('shows the full request schema of subscription_schedules create, as the SDK declares it', async () => {
    await openConnection('Browser Sandbox');
    await page.getByLabel('Activity').selectOption('create');
    await page.getByLabel('Find an object').fill('subscription_schedules');
    await expect.poll(() => page.getByLabel('Object', { exact: true }).inputValue()).toBe('subscription_schedules');
    const details = page.locator('details', { hasText: 'Request schema' });
    await details.locator('summary').click();
    const schema = JSON.parse((await details.locator('pre').textContent()) ?? '');
    expect(schema).toMatchObject({
      type: 'object',
      properties: {
        customer: { type: 'string' },
        phases: { type: 'array', items: { required: ['items'], properties: { items: { items: { properties: { price: { type: 'string' } } } } } } },
      },
    });
    expect(Object.keys(schema.properties).length).toBeGreaterThan(10);
  });

  it('refuses to delete a connection in use, saying by what, then deletes it', async () => {
    const id = (await rest('GET', '/api/v1/connections')).body.find((c: any) => c.name === 'Browser Sandbox').id;
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '3000' });
    const busy = await rest('POST', '/api/v1/jobs', { connectionId: id, activity: 'read', object: 'customers', id: 'cus_x' });
    try {
      await openConnection('Browser Sandbox');
      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await expect.poll(() => page.locator('#form-error').textContent()).toMatch(new RegExp(`Not deleted: .*used by 1 queued or running job\\(s\\): ${busy.body.id}`));
    } finally {
      await call(sandbox, 'DELETE', '/_sandbox/faults', undefined);
    }
    await finished(rest, [busy.body.id]);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Stripe connections' }).waitFor();
    expect((await rest('GET', '/api/v1/connections')).body.map((c: any) => c.name)).not.toContain('Browser Sandbox');
  });

  it('saves activities, builds an operation with a live mapping preview, runs it and shows the run in the history', async () => {
    const opsKey = testKey();
    await rest('POST', '/api/v1/connections', { name: 'Operations Sandbox', apiKey: opsKey, apiBase: sandbox.url });
    for (const n of [1, 2]) await call(sandbox, 'POST', '/v1/customers', opsKey, { email: `browser-${n}@example.com`, name: `Browser ${n}` });

    await page.getByRole('link', { name: 'Activities', exact: true }).click();
    await page.getByRole('link', { name: 'New activity' }).click();
    // A files activity is offered the roots the agents declare; the folders stay on the agents.
    await page.getByLabel('Endpoint').selectOption('files');
    await expect.poll(() => page.locator('#roots option').evaluateAll((options) => options.map((o) => o.getAttribute('value')))).toEqual(['drop']);
    await page.getByLabel('Endpoint').selectOption('stripe');
    const saveActivity = async (name: string, activity: string, query?: string) => {
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Operations Sandbox' });
      await page.getByLabel('Activity', { exact: true }).selectOption(activity);
      await page.getByLabel('Find an object').fill('customers');
      await expect.poll(() => page.getByLabel('Object', { exact: true }).inputValue()).toBe('customers');
      if (query !== undefined) await page.getByLabel('Query').fill(query);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
    };
    await saveActivity('Browser customers', 'search', "email~'browser-'");
    await page.getByRole('heading', { name: 'Activity: Browser customers' }).waitFor();
    await page.goto(`${cp.url}/#/activities/new`);
    // Only the hash changes: wait for the new form, or the fields typed would be the old one's.
    await page.getByRole('heading', { name: 'New activity' }).waitFor();
    // The API names the field it refuses; the console puts the refusal beside that field.
    await saveActivity('Browser customers', 'create');
    await expect.poll(() => page.locator('#name-error').textContent()).toMatch(/already exists/);
    await saveActivity('Copy customers', 'create');
    await page.getByRole('heading', { name: 'Activity: Copy customers' }).waitFor();
    const saved = (await rest('GET', '/api/v1/activities')).body as { id: string; name: string }[];
    const idOf = (name: string) => saved.find((a) => a.name === name)!.id;

    await page.getByRole('link', { name: 'Operations', exact: true }).click();
    await page.getByRole('link', { name: 'New operation' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Copy browser customers');
    await page.getByLabel('Source', { exact: true }).selectOption(idOf('Browser customers'));
    await page.getByLabel('Target', { exact: true }).selectOption(idOf('Copy customers'));
    await page.getByRole('button', { name: 'Take from the source' }).click();
    await expect.poll(() => page.getByLabel('Sample records (JSON)').inputValue(), { timeout: 20_000 }).toMatch(/browser-2@example\.com/);
    const mapping = page.getByLabel('Mapping (JSONata)');
    await mapping.fill('{"email": "copy-" & email, "name": }');
    await expect.poll(() => page.locator('#mapping-error').textContent()).toMatch(/JSONata[\s\S]*\n\s*\^$/);
    await mapping.fill('{"email": "copy-" & email, "name": name}');
    await expect.poll(() => page.locator('#mapping-preview').textContent()).toMatch(/"email": "copy-browser-1@example\.com"/);
    expect(await page.locator('#mapping-error').isHidden()).toBe(true);
    await page.screenshot({ path: OPERATION_SCREENSHOT, fullPage: true });
    // The next fire times show as one types, from the control plane; a bad cron is refused beside it.
    const cron = page.getByLabel('Cron');
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await cron.fill('0 2 * * *');
    await expect.poll(() => page.locator('#schedule-next li').allTextContents()).toHaveLength(5);
    expect((await page.locator('#schedule-next li').allTextContents()).every((t) => /T02:00:00\+0[12]:00$/.test(t))).toBe(true);
    await cron.fill('61 2 * * *');
    await expect.poll(() => page.locator('#schedule-error').textContent()).toMatch(/minute/);
    await cron.fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Operation: Copy browser customers' }).waitFor();

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const row = page.locator('#runs tbody tr').first();
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toMatch(/Copy browser customers.*succeeded/);
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toBe('manual');
    expect(cells.slice(6, 10)).toEqual(['succeeded', '2', '2', '0']);
    const copies = await call(sandbox, 'GET', '/v1/customers/search', opsKey, { query: "email~'copy-browser-'" });
    expect(copies.body.data.map((c: any) => c.email).sort()).toEqual(['copy-browser-1@example.com', 'copy-browser-2@example.com']);

    await row.getByRole('link', { name: 'succeeded' }).click();
    await page.getByRole('heading', { name: 'Record errors' }).waitFor();
    expect(await page.locator('#run').textContent()).toMatch(/succeeded/);

    await page.goto(`${cp.url}/#/activities/${idOf('Copy customers')}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator('#form-error').textContent()).toMatch(/Not deleted: .*Copy browser customers/);
  });

  it("takes a files source's first rows as samples, read by the agent that has the root, and leaves the file in place", async () => {
    mkdirSync(join(drop, 'people'), { recursive: true });
    const csv = join(drop, 'people', 'people.csv');
    writeFileSync(csv, `email,name\n${[1, 2, 3, 4, 5].map((n) => `row-${n}@example.com,Row ${n}`).join('\n')}\n`);
    const source = await rest('POST', '/api/v1/activities', { name: 'People CSV', type: 'files', activity: 'read', root: 'drop', pattern: 'people/*.csv', format: 'csv', afterRead: 'archive' });
    expect(source.status).toBe(201);
    const runsBefore = (await rest('GET', '/api/v1/runs')).body.length;

    await page.goto(`${cp.url}/#/operations/new`);
    await page.getByRole('heading', { name: 'New operation' }).waitFor();
    await page.getByLabel('Source', { exact: true }).selectOption(source.body.id);
    await page.getByRole('button', { name: 'Take from the source' }).click();
    await expect.poll(() => page.getByLabel('Sample records (JSON)').inputValue(), { timeout: 20_000 }).toMatch(/row-3@example\.com/);
    expect(JSON.parse(await page.getByLabel('Sample records (JSON)').inputValue())).toEqual([1, 2, 3].map((n) => ({ email: `row-${n}@example.com`, name: `Row ${n}` })));
    expect(await page.locator('#samples-note').textContent()).toMatch(/browser-agent[\s\S]*control plane/);
    expect(existsSync(csv)).toBe(true);
    expect((await rest('GET', '/api/v1/runs')).body).toHaveLength(runsBefore);
  });

  it('drains the agent with a job running, showing its state, and resumes it', async () => {
    const connectionId = (await rest('POST', '/api/v1/connections', { name: 'Drain Sandbox', apiKey: testKey(), apiBase: sandbox.url })).body.id;
    const create = async (n: number) => (await rest('POST', '/api/v1/jobs', { connectionId, activity: 'create', object: 'customers', data: { email: `drain-${n}@example.com` } })).body.id as string;
    const shown = async () => (await rest('GET', '/api/v1/agents')).body.find((a: any) => a.name === 'browser-agent');
    await page.goto(`${cp.url}/#/agents`);
    const row = page.locator('tr[data-agent]', { hasText: 'browser-agent' });
    const state = row.locator('td.agent-state');
    await expect.poll(() => state.textContent(), { timeout: 10_000 }).toBe('ready');
    await call(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '4000' });
    try {
      const first = await create(1);
      await waitFor(async () => (await rest('GET', `/api/v1/jobs/${first}`)).body.status === 'running', 'the first job to run');
      await page.getByRole('button', { name: 'Drain browser-agent' }).click();
      // The screen follows the agent on its own: draining while the job runs, drained once it is done.
      await expect.poll(() => state.textContent(), { timeout: 10_000 }).toBe('draining');
      expect((await rest('GET', `/api/v1/jobs/${first}`)).body.status).toBe('running');
      const second = await create(2);
      await expect.poll(() => state.textContent(), { timeout: 20_000 }).toBe('drained');
      expect((await rest('GET', `/api/v1/jobs/${first}`)).body.status).toBe('succeeded');
      expect((await rest('GET', `/api/v1/jobs/${second}`)).body.status).toBe('queued');
      expect(await shown()).toMatchObject({ state: 'drained', drainRequested: true });

      await call(sandbox, 'POST', '/_sandbox/faults', undefined, { latencyMs: '0' });
      await page.getByRole('button', { name: 'Resume browser-agent' }).click();
      await expect.poll(() => state.textContent(), { timeout: 10_000 }).toBe('ready');
      await page.getByRole('button', { name: 'Drain browser-agent' }).waitFor();
      expect(await shown()).toMatchObject({ state: 'ready', drainRequested: false });
      const [job] = await finished(rest, [second]);
      expect(job).toMatchObject({ status: 'succeeded', agent: 'browser-agent' });
    } finally {
      await call(sandbox, 'DELETE', '/_sandbox/faults', undefined);
    }
  });

  it('shows agents and flips the organization policy', async () => {
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('heading', { name: 'Agent group: default' }).waitFor();
    expect(await page.locator('table').first().textContent()).toMatch(/browser-agent\s*yes/);
    expect(await page.locator('table').first().textContent()).toMatch(/stripe 1\.0\.0\s*drop/);
    // The drain above ran two creates through this agent; its reports carry them.
    await expect.poll(async () => {
      await page.reload();
      return page.locator('tr[data-agent]', { hasText: 'browser-agent' }).locator('td.stripe-requests').textContent();
    }, { timeout: 10_000 }).toMatch(/^([2-9]|\d{2,})/);
    const toggle = page.getByRole('switch', { name: 'Disable Auto Connector Update' });
    await toggle.check();
    await expect.poll(async () => (await rest('GET', '/api/v1/policy')).body.disableAutoConnectorUpdate).toBe(true);
    await toggle.uncheck();
    await expect.poll(async () => (await rest('GET', '/api/v1/policy')).body.disableAutoConnectorUpdate).toBe(false);
  });
});
