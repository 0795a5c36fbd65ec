import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The CLI as it ships: bundled (scripts/bundle.mjs). */
export const CLI = fileURLToPath(new URL('../../dist/bin/stripe-agent.js', import.meta.url));
/** The same CLI as tsc compiled it, one file per module: where what each command imports shows. */
export const MODULES_CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface Started {
  child: ChildProcess;
  /** Everything the process printed on stdout and stderr so far. */
  output: () => string;
}

/** Starts `stripe-agent …` as its own process and waits until its output matches `ready`. */
export async function startCli(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env, cli = CLI): Promise<Started & { match: RegExpMatchArray }> {
  return startProcess([cli, ...args], ready, env);
}

/** Starts `node …args` and waits until its output matches `ready`. */
export async function startProcess(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<Started & { match: RegExpMatchArray }> {
  return startCommand(process.execPath, args, ready, env);
}

/** Starts a program and waits until its output matches `ready`. */
export async function startCommand(command: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<Started & { match: RegExpMatchArray }> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const m = ready.exec(text);
      if (m) resolve(m);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${text}`)));
  });
  return { child, match, output: () => text };
}

/** Sends a signal and resolves with the exit code. */
export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill(signal);
  const [code] = await exited;
  return code as number | null;
}

/** Runs `stripe-agent …` to completion. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env, cli = CLI): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runNode([cli, ...args], env);
}

/** Runs `node …args` to completion. */
export async function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = await once(child, 'exit');
  return { code: code as number | null, stdout, stderr };
}
