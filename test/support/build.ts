import { execFileSync } from 'node:child_process';

/** Tests that start the CLI as a process run the compiled dist/, so build it from the current source first. */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
