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

describe('the layout keeps its promises', () => {
  it('the connector imports nothing from the agent, the control plane, the sandbox or the CLI', () => {
    const connector = files(join(SRC, 'connectors/stripe')).filter((f) => f.endsWith('.ts'));
    expect(connector.length).toBeGreaterThan(10);
    for (const file of connector) {
      for (const spec of imports(file)) {
        const outside = spec.startsWith('.') && !join(file, '..', spec).startsWith(join(SRC, 'connectors/stripe'));
        expect(outside ? `${file} imports ${spec}` : '').toBe('');
      }
    }
  });
});
