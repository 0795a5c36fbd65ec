import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]!);
}

function tsFiles(dir: string): string[] {
  return files(join(SRC, dir)).filter((f) => f.endsWith('.ts'));
}

/** Relative imports of a file, as absolute paths of what they name. */
function targets(file: string): string[] {
  return imports(file)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => join(file, '..', spec));
}

const CONNECTOR = join(SRC, 'connectors/stripe');
const STRIPE_API = join(SRC, 'stripe-api');

describe('the layout keeps its promises', () => {
  it('the connector imports nothing from the agent, the control plane, the sandbox or the CLI (only the Stripe description)', () => {
    const connector = tsFiles('connectors/stripe');
    expect(connector.length).toBeGreaterThan(10);
    const outside = connector.flatMap((file) =>
      targets(file)
        .filter((t) => !t.startsWith(CONNECTOR + '/') && !t.startsWith(STRIPE_API + '/'))
        .map((t) => `${file} imports ${t}`),
    );
    expect(outside).toEqual([]);
  });

  it('code outside the connector reaches it only through its index.ts', () => {
    const outside = files(SRC).filter((f) => f.endsWith('.ts') && !f.startsWith(CONNECTOR + '/'));
    expect(outside.length).toBeGreaterThan(30);
    const reaching = outside.flatMap((file) =>
      targets(file)
        .filter((t) => t.startsWith(CONNECTOR + '/') && t !== join(CONNECTOR, 'index.js'))
        .map((t) => `${file} imports ${t}`),
    );
    expect(reaching).toEqual([]);
  });

  it('the Stripe description is its own module, read by both the connector and the sandbox, depending on neither', () => {
    const own = tsFiles('stripe-api').flatMap((file) => targets(file).filter((t) => !t.startsWith(STRIPE_API + '/')).map((t) => `${file} imports ${t}`));
    expect(own).toEqual([]);
    const readers = (dir: string) => tsFiles(dir).some((file) => targets(file).some((t) => t.startsWith(STRIPE_API + '/')));
    expect(readers('connectors/stripe')).toBe(true);
    expect(readers('sandbox')).toBe(true);
  });
});
