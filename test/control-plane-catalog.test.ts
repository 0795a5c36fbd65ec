import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BUNDLE_CATALOG, makeBundle } from '../src/connectors/bundle.js';
import { createConnector } from '../src/connectors/stripe/index.js';
import { PROTOCOL_VERSION } from '../src/protocol/messages.js';
import { AGENT_TOKEN, api, startControlPlane, stopAll, tempDir, waitFor, type Api, type ControlPlaneProcess } from './support/cluster.js';

const dir = tempDir('catalog');
const publisher = generateKeyPairSync('ed25519');
const publicKey = join(dir, 'publisher.pub.pem');
writeFileSync(publicKey, publisher.publicKey.export({ type: 'spki', format: 'pem' }));

let cp: ControlPlaneProcess;
let call: Api;
let connectionId: string;

beforeAll(async () => {
  cp = await startControlPlane({ args: ['--trusted-key', publicKey] });
  call = api(cp.url);
  connectionId = (await call('POST', '/api/v1/connections', { name: 'Catalog', apiKey: 'sk_test_catalog000000000000' })).body.id;
});
afterAll(() => stopAll(cp));

describe('the catalog the control plane serves', () => {
  it('has the full request schemas of every object, as the console shows them (subscription_schedules create)', async () => {
    const list = await call('GET', '/api/v1/catalog');
    expect(list.body.length).toBeGreaterThan(40);
    const schedules = await call('GET', '/api/v1/catalog/subscription_schedules');
    expect(schedules.status).toBe(200);
    const create = schedules.body.requestSchema.create;
    expect(create).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: {
        customer: { type: 'string', description: expect.stringMatching(/customer/i) },
        phases: {
          type: 'array',
          items: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'object', properties: { price: { type: 'string' } } } } } },
        },
        end_behavior: { type: 'string' },
      },
    });
    // Self-contained: no reference left for a reader to follow.
    expect(JSON.stringify(create)).not.toContain('$ref');
    expect((await call('GET', '/api/v1/catalog/invoiceitems')).body).toMatchObject({ object: 'invoiceitems', objectType: 'invoiceitem' });
    expect((await call('GET', '/api/v1/catalog/apple_pay/domains')).body).toMatchObject({ object: 'apple_pay/domains' });
  });

  it('is that of the newest connector version its agents run, from that version’s bundle', async () => {
    const job = { connectionId, activity: 'create', object: 'widgets', data: { name: 'w' } };
    expect((await call('GET', '/api/v1/catalog/widgets')).status).toBe(404);
    expect((await call('POST', '/api/v1/jobs', job)).body.error).toMatchObject({ code: 'unknown_object' });

    // A newer connector whose catalog knows an object this control plane's copy does not.
    const widgets = { ...createConnector().catalog('customers')[0]!, object: 'widgets', objectType: 'widget', sdkResource: 'widgets', searchFields: null };
    const bundle = makeBundle(
      { name: 'stripe', version: '9.0.0', connectorApi: '^1.0.0', entry: 'connectors/stripe/index.js' },
      { 'connectors/stripe/index.js': Buffer.from('export {};\n'), [BUNDLE_CATALOG]: Buffer.from(JSON.stringify([...createConnector().catalog(), widgets])) },
      publisher.privateKey,
    );
    expect((await call('POST', '/api/v1/connectors', bundle)).status).toBe(201);
    // Published is not enough: no agent runs it yet.
    expect((await call('GET', '/api/v1/catalog/widgets')).status).toBe(404);

    // An agent of the group that runs 9.0.0, over the real WebSocket.
    const agent = new WebSocket(`${cp.url.replace('http', 'ws')}/api/v1/agent/connect`, { headers: { Authorization: `Bearer ${AGENT_TOKEN}` } });
    await new Promise((resolve, reject) => agent.once('open', resolve).once('error', reject));
    agent.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, agentId: 'agent-newer', name: 'newer', version: '1.0.0', connectors: { stripe: '9.0.0' }, concurrency: 1 }));
    await waitFor(async () => (await call('GET', '/api/v1/agents')).body.some((a: any) => a.name === 'newer' && a.connected), 'the agent to register');

    expect((await call('GET', '/api/v1/catalog')).body.map((e: any) => e.object)).toContain('widgets');
    expect((await call('GET', '/api/v1/catalog/widgets')).body).toMatchObject({ object: 'widgets', connectorVersion: '9.0.0' });
    const queued = await call('POST', '/api/v1/jobs', job);
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    expect((await call('POST', `/api/v1/jobs/${queued.body.id}/cancel`)).status).toBe(200);
    // What the control plane's own connector knows is still checked in full.
    expect((await call('POST', '/api/v1/jobs', { connectionId, activity: 'delete', object: 'prices', id: 'price_1' })).body.error).toMatchObject({ code: 'unsupported_activity' });

    agent.close();
    await waitFor(async () => (await call('GET', '/api/v1/catalog/widgets')).status === 404, 'the catalog to fall back when the agent leaves');
  });
});
