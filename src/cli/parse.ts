import { InvalidArgumentError } from 'commander';

/** Option parsers shared by the commands. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of 1 or more.');
  return n;
}

export function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return n;
}

/** An origin a connection may name besides Stripe's (repeatable): scheme, host and port. */
export function apiBaseOrigin(value: string, previous: string[]): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`'${value}' is not a URL; give a scheme, host and port, as in http://127.0.0.1:12111`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidArgumentError(`'${value}' must start with https:// or http://`);
  return [...previous, url.origin];
}
