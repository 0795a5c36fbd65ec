import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Stripe from 'stripe';

/**
 * What `npm start` puts in place so a newcomer sees something work within a minute: customers in
 * the sandbox account (so the first search finds records), a files root holding a small CSV,
 * and two saved operations over them, ready to run from the console.
 */

/** The files root the first look's agent declares, by the name operations use. */
export const SAMPLES_ROOT = 'samples';
const CSV_PATH = 'in/customers.csv';

const SEEDED = [
  ['jenny@example.com', 'Jenny Rosen'],
  ['ada@example.com', 'Ada Lovelace'],
  ['grace@example.com', 'Grace Hopper'],
  ['alan@example.com', 'Alan Turing'],
  ['katherine@example.com', 'Katherine Johnson'],
] as const;

const CSV = `email,first_name,last_name,city
margaret@example.com,Margaret,Hamilton,Boston
edsger@example.com,Edsger,Dijkstra,Austin
barbara@example.com,Barbara,Liskov,Cambridge
donald@example.com,Donald,Knuth,Stanford
frances@example.com,Frances,Allen,Peru
radia@example.com,Radia,Perlman,Seattle
`;
/** The sample CSV's rows, its header aside. */
export const CSV_ROWS = CSV.trim().split('\n').length - 1;

export interface SavedOperation {
  name: string;
  id: string;
  /** What it does, in one line. */
  does: string;
}

/** The control plane's API with the admin token: POST a JSON body, get the JSON answer. */
export type Post = (path: string, body: unknown) => Promise<{ id: string }>;

/** Makes the files root with its sample CSV; returns the root's directory. */
export function writeSamples(agentDataDir: string): string {
  const root = join(agentDataDir, 'files');
  mkdirSync(join(root, 'in'), { recursive: true });
  writeFileSync(join(root, CSV_PATH), CSV);
  return root;
}

/** Seeds the sandbox account of `apiKey` with a few customers, through the official SDK. */
export async function seedSandbox(sandboxUrl: string, apiKey: string): Promise<number> {
  const url = new URL(sandboxUrl);
  const stripe = new Stripe(apiKey, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
  for (const [email, name] of SEEDED) await stripe.customers.create({ email, name }, { idempotencyKey: `first-look-${email}` });
  return SEEDED.length;
}

/** Saves the activities and the two operations of the first look on the sandbox connection. */
export async function saveOperations(post: Post, connectionId: string): Promise<SavedOperation[]> {
  const csv = await post('/api/v1/activities', { name: 'Sample customers CSV', type: 'files', activity: 'read', root: SAMPLES_ROOT, pattern: 'in/*.csv', format: 'csv', afterRead: 'keep' });
  const create = await post('/api/v1/activities', { name: 'Create customers', type: 'stripe', connectionId, activity: 'create', object: 'customers' });
  const search = await post('/api/v1/activities', { name: 'Customers at example.com', type: 'stripe', connectionId, activity: 'search', object: 'customers', query: "email~'example.com'" });
  const ndjson = await post('/api/v1/activities', { name: 'Customers NDJSON', type: 'files', activity: 'write', root: SAMPLES_ROOT, path: 'exports/customers-{date}-{runId}.ndjson', format: 'ndjson' });
  const imported = await post('/api/v1/operations', {
    name: 'Import sample customers',
    source: csv.id,
    mapping: '{"email": email, "name": first_name & " " & last_name, "metadata": {"city": city, "imported_from": "sample CSV"}}',
    target: create.id,
  });
  const exported = await post('/api/v1/operations', { name: 'Export customers', source: search.id, mapping: '{"id": id, "email": email, "name": name, "created": created}', target: ndjson.id });
  return [
    { name: 'Import sample customers', id: imported.id, does: `${SAMPLES_ROOT}/${CSV_PATH} → mapping → Stripe Sandbox: create customers` },
    { name: 'Export customers', id: exported.id, does: `Stripe Sandbox: search customers → ${SAMPLES_ROOT}/exports/customers-<date>-<run id>.ndjson` },
  ];
}
