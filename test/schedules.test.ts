import { afterEach, describe, expect, it } from 'vitest';
import { ControlPlane } from '../src/control-plane/control-plane.js';
import { createLogger } from '../src/logging/logger.js';
import { ADMIN, AGENT_TOKEN, api, tempDir, type Api } from './support/cluster.js';

/** A control plane whose clock the test sets; its scheduler ticks only when the test says. */
interface Plane {
  cp: ControlPlane;
  call: Api;
  clock: { now: number };
  at(iso: string): void;
}

const open: ControlPlane[] = [];
afterEach(async () => {
  for (const cp of open.splice(0)) await cp.close();
});

async function plane(dataDir = tempDir('schedules'), now = Date.parse('2026-03-01T00:00:00Z')): Promise<Plane> {
  const clock = { now };
  const cp = await ControlPlane.start({
    port: 0, host: '127.0.0.1', dataDir, adminToken: ADMIN, agentToken: AGENT_TOKEN, heartbeatMs: 10_000, leaseMs: 30_000,
    allowedApiBases: ['http://127.0.0.1:9'], clock: () => clock.now, schedulerTimers: false, log: createLogger('control-plane', 'silent'),
  });
  open.push(cp);
  return { cp, call: api(cp.url), clock, at: (iso) => (clock.now = Date.parse(iso)) };
}

/** Saves an operation (a search with no target, on a connection no agent serves: its runs stay queued). */
async function operation(call: Api, extra: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const connections = (await call('GET', '/api/v1/connections')).body as any[];
  const connectionId = connections[0]?.id ?? (await call('POST', '/api/v1/connections', { name: 'Sandbox', apiKey: 'sk_test_schedules000000000', apiBase: 'http://127.0.0.1:9' })).body.id;
  const source = (await call('POST', '/api/v1/activities', { name: `Search ${Math.random()}`, type: 'stripe', connectionId, activity: 'search', object: 'customers', query: "email~'example.com'" })).body.id;
  return call('POST', '/api/v1/operations', { name: `Op ${Math.random()}`, source, ...extra });
}

async function saved(call: Api, extra: Record<string, unknown>): Promise<string> {
  const res = await operation(call, extra);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function runsOf(call: Api, operationId: string): Promise<any[]> {
  return (await call('GET', `/api/v1/runs?operationId=${operationId}&limit=500`)).body;
}

const fired = async (call: Api, id: string) => (await runsOf(call, id)).map((r) => r.scheduledFor).sort();

describe('schedules are checked and show their next fire times', () => {
  it('refuses a bad cron, zone or field by name, and PUT changes or removes the schedule', async () => {
    const { call } = await plane();
    for (const [schedule, field] of [
      [{ cron: '61 * * * *' }, 'schedule.cron'],
      [{ cron: '* * * *' }, 'schedule.cron'],
      [{ cron: '* * * * * * *' }, 'schedule.cron'],
      [{ cron: '0 2 * * *', timezone: 'Europe/Atlantis' }, 'schedule.timezone'],
      [{ cron: '0 2 * * *', every: 5 }, 'schedule.every'],
      [{ timezone: 'UTC' }, 'schedule.cron'],
    ] as const) {
      const res = await operation(call, { schedule });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    const id = await saved(call, { schedule: { cron: '*/15 * * * *' } });
    const op = (await call('GET', `/api/v1/operations/${id}`)).body;
    expect(op.schedule).toEqual({
      cron: '*/15 * * * *', timezone: 'UTC', enabled: true, catchUp: false,
      next: ['2026-03-01T00:15:00+00:00', '2026-03-01T00:30:00+00:00', '2026-03-01T00:45:00+00:00', '2026-03-01T01:00:00+00:00', '2026-03-01T01:15:00+00:00'],
    });
    const put = await call('PUT', `/api/v1/operations/${id}`, { name: op.name, source: op.source, schedule: { cron: '0 0 2 * * *', timezone: 'Asia/Kolkata', enabled: false } });
    expect(put.body.schedule).toMatchObject({ cron: '0 0 2 * * *', timezone: 'Asia/Kolkata', enabled: false, next: [] });
    const removed = await call('PUT', `/api/v1/operations/${id}`, { name: op.name, source: op.source });
    expect(removed.body.schedule).toBeNull();

    // The console's preview: the same checks and fire times, nothing saved.
    expect((await call('POST', '/api/v1/schedules/preview', { cron: '0 0 2 * * *', timezone: 'Asia/Kolkata' })).body.next.slice(0, 2))
      .toEqual(['2026-03-02T02:00:00+05:30', '2026-03-03T02:00:00+05:30']);
    const bad = await call('POST', '/api/v1/schedules/preview', { cron: '0 2 * *' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_schedule', field: 'schedule.cron' });
  });

  it('shows fire times with the offset of their zone, across daylight saving', async () => {
    const { call, at } = await plane();
    const daily = await saved(call, { schedule: { cron: '30 2 * * *', timezone: 'Europe/Berlin' } });
    const halfHourly = await saved(call, { schedule: { cron: '*/30 * * * *', timezone: 'Europe/Berlin' } });
    const next = async (id: string) => (await call('GET', `/api/v1/operations/${id}`)).body.schedule.next as string[];

    at('2026-03-28T12:00:00Z'); // spring forward: 02:00 → 03:00 on 29 March
    expect((await next(daily)).slice(0, 2)).toEqual(['2026-03-29T03:00:00+02:00', '2026-03-30T02:30:00+02:00']);
    at('2026-03-29T00:10:00Z'); // 01:10 in Berlin: 02:00 and 02:30 do not exist that night
    expect((await next(halfHourly)).slice(0, 3)).toEqual(['2026-03-29T01:30:00+01:00', '2026-03-29T03:00:00+02:00', '2026-03-29T03:30:00+02:00']);

    at('2026-10-24T12:00:00Z'); // fall back: 03:00 → 02:00 on 25 October
    expect((await next(daily)).slice(0, 2)).toEqual(['2026-10-25T02:30:00+02:00', '2026-10-26T02:30:00+01:00']);
    at('2026-10-24T23:40:00Z');
    expect((await next(halfHourly)).slice(0, 5)).toEqual([
      '2026-10-25T02:00:00+02:00', '2026-10-25T02:30:00+02:00', '2026-10-25T02:00:00+01:00', '2026-10-25T02:30:00+01:00', '2026-10-25T03:00:00+01:00',
    ]);

    const ny = await saved(call, { schedule: { cron: '0 9 * * 1-5', timezone: 'America/New_York' } });
    at('2026-03-06T12:00:00Z'); // a Friday; US clocks change on Sunday 8 March
    expect((await next(ny)).slice(0, 2)).toEqual(['2026-03-06T09:00:00-05:00', '2026-03-09T09:00:00-04:00']);
  });
});

describe('the scheduler, driven by a fixed clock', () => {
  it('fires a 02:30 schedule once on the spring-forward and the fall-back night; a fire time found long past is missed, not run late', async () => {
    const { cp, call, at } = await plane(undefined, Date.parse('2026-03-28T22:00:00Z'));
    const id = await saved(call, { schedule: { cron: '30 2 * * *', timezone: 'Europe/Berlin' } });
    cp.scheduler.tick();
    for (const t of ['2026-03-29T00:30:00Z', '2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-03-29T01:00:00.600Z', '2026-03-29T01:30:00Z', '2026-03-29T02:00:00Z']) {
      at(t);
      cp.scheduler.tick();
    }
    expect(await fired(call, id)).toEqual(['2026-03-29T01:00:00.000Z']);

    at('2026-10-24T22:00:00Z');
    cp.scheduler.tick();
    for (const t of ['2026-10-25T00:30:00Z', '2026-10-25T01:00:00Z', '2026-10-25T01:30:00Z', '2026-10-25T02:00:00Z']) {
      at(t);
      cp.scheduler.tick();
    }
    expect(await fired(call, id)).toEqual(['2026-03-29T01:00:00.000Z', '2026-10-25T00:30:00.000Z']);
  });

  it('an interval schedule fires on both passes of the repeated hour; the second finds the first still queued and is skipped', async () => {
    const { cp, call, at } = await plane(undefined, Date.parse('2026-10-24T23:50:00Z'));
    const id = await saved(call, { schedule: { cron: '30 * * * *', timezone: 'Europe/Berlin' } });
    cp.scheduler.tick();
    at('2026-10-25T00:30:00Z');
    cp.scheduler.tick();
    at('2026-10-25T01:30:00Z');
    cp.scheduler.tick();
    const runs = (await runsOf(call, id)).sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
    expect(runs.map((r) => [r.scheduledFor, r.trigger, r.status])).toEqual([
      ['2026-10-25T00:30:00.000Z', 'schedule', 'queued'],
      ['2026-10-25T01:30:00.000Z', 'schedule', 'skipped'],
    ]);
    expect(runs[1].message).toBe('previous run still running');
  });

  it('two control planes sharing one store make one run per fire time', async () => {
    const dir = tempDir('shared-store');
    const start = Date.parse('2026-05-01T09:59:00Z');
    const a = await plane(dir, start);
    const b = await plane(dir, start);
    const id = await saved(a.call, { schedule: { cron: '* * * * *' } });
    a.cp.scheduler.tick();
    b.cp.scheduler.tick();
    for (const minute of ['10:00', '10:01', '10:02']) {
      a.at(`2026-05-01T${minute}:00.200Z`);
      b.at(`2026-05-01T${minute}:00.300Z`);
      b.cp.scheduler.tick();
      a.cp.scheduler.tick();
    }
    const runs = await runsOf(a.call, id);
    expect(runs.map((r) => r.scheduledFor).sort()).toEqual(['2026-05-01T10:00:00.000Z', '2026-05-01T10:01:00.000Z', '2026-05-01T10:02:00.000Z']);
    expect(runs.filter((r) => r.status === 'queued')).toHaveLength(1);
  });

  it('does not run fire times missed while down, except catchUp runs the latest one once', async () => {
    const dir = tempDir('downtime');
    const first = await plane(dir, Date.parse('2026-05-01T10:00:30Z'));
    const plain = await saved(first.call, { schedule: { cron: '* * * * *' } });
    const catchUp = await saved(first.call, { schedule: { cron: '* * * * *', catchUp: true } });
    first.cp.scheduler.tick();
    await first.cp.close();
    open.splice(open.indexOf(first.cp), 1);

    const later = Date.parse('2026-05-01T10:07:30Z');
    for (let restart = 0; restart < 2; restart++) {
      const again = await plane(dir, later);
      again.cp.scheduler.tick();
      expect(await fired(again.call, plain)).toEqual([]);
      expect(await fired(again.call, catchUp)).toEqual(['2026-05-01T10:07:00.000Z']);
      await again.cp.close();
      open.splice(open.indexOf(again.cp), 1);
    }
    const last = await plane(dir, later);
    last.cp.scheduler.tick();
    last.at('2026-05-01T10:08:00.100Z');
    last.cp.scheduler.tick();
    expect(await fired(last.call, plain)).toEqual(['2026-05-01T10:08:00.000Z']);
  });

  it('a schedule changed by PUT takes effect without a restart, and a disabled one does not fire', async () => {
    const { cp, call, at } = await plane(undefined, Date.parse('2026-05-01T10:00:30Z'));
    const id = await saved(call, { schedule: { cron: '0 * * * *' } });
    cp.scheduler.tick();
    const op = (await call('GET', `/api/v1/operations/${id}`)).body;
    await call('PUT', `/api/v1/operations/${id}`, { name: op.name, source: op.source, schedule: { cron: '*/2 * * * *', enabled: false } });
    at('2026-05-01T10:02:00.100Z');
    cp.scheduler.tick();
    expect(await fired(call, id)).toEqual([]);
    await call('PUT', `/api/v1/operations/${id}`, { name: op.name, source: op.source, schedule: { cron: '*/2 * * * *' } });
    cp.scheduler.tick();
    at('2026-05-01T10:04:00.100Z');
    cp.scheduler.tick();
    expect(await fired(call, id)).toEqual(['2026-05-01T10:04:00.000Z']);
  });

  it('prunes runs older than the retention period, with their errors', async () => {
    const { cp, call, at } = await plane(undefined, Date.parse('2026-05-01T10:00:30Z'));
    const id = await saved(call, { schedule: { cron: '* * * * *' } });
    cp.scheduler.tick();
    at('2026-05-01T10:01:00.100Z');
    cp.scheduler.tick();
    at('2026-05-01T10:02:00.100Z');
    cp.scheduler.tick(); // skipped: the 10:01 run is still queued
    const [skipped, queued] = (await runsOf(call, id)).sort((a, b) => b.scheduledFor.localeCompare(a.scheduledFor)).map((r) => r.id);
    at('2026-05-31T10:01:59Z');
    cp.scheduler.tick();
    expect((await call('GET', `/api/v1/runs/${skipped}`)).status).toBe(200);
    at('2026-05-31T10:02:01Z');
    cp.scheduler.tick();
    expect((await call('GET', `/api/v1/runs/${skipped}`)).status).toBe(404);
    expect((await call('GET', `/api/v1/runs/${skipped}/errors`)).status).toBe(404);
    expect((await call('GET', `/api/v1/runs/${queued}`)).status).toBe(200);
  });
  it('deletes a sample an hour after it ended, records and all, and keeps the jobs that are not samples', async () => {
    const { cp, call, at } = await plane();
    const connectionId = (await call('POST', '/api/v1/connections', { name: 'Sandbox', apiKey: 'sk_test_samples0000000000', apiBase: 'http://127.0.0.1:9' })).body.id;
    const source = (await call('POST', '/api/v1/activities', { name: 'Search', type: 'stripe', connectionId, activity: 'search', object: 'customers', query: "email~'example.com'" })).body.id;
    const sample = (await call('POST', `/api/v1/activities/${source}/samples`, { limit: 2 })).body.jobId;
    const search = (await call('POST', '/api/v1/jobs', { connectionId, activity: 'search', object: 'customers', query: "email~'example.com'" })).body.id;
    // No agent serves them: cancelling ends them now, by the wall clock.
    for (const id of [sample, search]) expect((await call('POST', `/api/v1/jobs/${id}/cancel`)).status).toBe(200);
    const ended = Date.now();
    at(new Date(ended + 59 * 60_000).toISOString());
    cp.scheduler.tick();
    expect((await call('GET', `/api/v1/jobs/${sample}`)).status).toBe(200);
    at(new Date(ended + 61 * 60_000).toISOString());
    cp.scheduler.tick();
    expect((await call('GET', `/api/v1/jobs/${sample}`)).status).toBe(404);
    expect((await call('GET', `/api/v1/jobs/${search}`)).status).toBe(200);
  });
});
