import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { Sandbox } from '../../src/sandbox/server.js';

/** A fresh test key: a fresh, empty account in the sandbox. */
export function testKey(kind: 'sk' | 'rk' = 'sk'): string {
  return `${kind}_test_${randomBytes(12).toString('hex')}`;
}

/** The official SDK pointed at a sandbox, as a user would configure it. */
export function stripeFor(sandbox: Sandbox, key = testKey(), options: Partial<Stripe.StripeConfig> = {}): Stripe {
  const url = new URL(sandbox.url);
  return new Stripe(key, {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    maxNetworkRetries: 0,
    ...options,
  });
}

export async function startSandbox(): Promise<Sandbox> {
  return Sandbox.start({ port: 0 });
}

/** A form-encoded request as Stripe's API reference writes them, with Node's fetch. */
export async function call(
  sandbox: Sandbox,
  method: string,
  path: string,
  key: string | undefined,
  form?: Record<string, string> | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (key !== undefined) (init.headers as Record<string, string>).Authorization = `Bearer ${key}`;
  let url = `${sandbox.url}${path}`;
  if (form !== undefined) {
    const text = typeof form === 'string' ? form : new URLSearchParams(form).toString();
    if (method === 'GET' || method === 'DELETE') url += `${url.includes('?') ? '&' : '?'}${text}`;
    else {
      init.body = text;
      (init.headers as Record<string, string>)['Content-Type'] = 'application/x-www-form-urlencoded';
    }
  }
  const res = await fetch(url, init);
  return { status: res.status, body: await res.json(), headers: res.headers };
}
