import { execFileSync } from 'node:child_process';

/** Tests that start the CLI as a process run the compiled and bundled dist/, so build it from the current source first. */
export default function setup(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
