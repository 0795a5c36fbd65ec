import { Command } from 'commander';
import type { Check } from '../agent/doctor.js';
import { readConfig } from '../agent/options.js';
import type { ProxyConfig, ProxySettings } from '../agent/proxy.js';
import { DEFAULT_API_BASE } from '../connectors/stripe/index.js';

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('Check, from this host, the paths to the control plane and to Stripe, directly and through the proxy')
    .option('--config <file>', "the agent's config file (its controlPlane and proxy)")
    .option('--control-plane <url>', 'the control plane URL (default: from the config or STRIPE_AGENT_CONTROL_PLANE)')
    .option('--api-base <url>', 'the Stripe API base URL to check', DEFAULT_API_BASE)
    .addHelpText('after', '\nWith STRIPE_API_KEY set it also makes an authenticated Stripe call. Prints one line per check; exits 0 only when every\ncheck of what is configured passes.')
    .action(async (opts: { config?: string; controlPlane?: string; apiBase: string }) => {
      const [{ checkPath, checkStripeKey }, { ProxySettings }, { agentUrl }] = await Promise.all([
        import('../agent/doctor.js'),
        import('../agent/proxy.js'),
        import('../agent/session.js'),
      ]);
      let proxy: ProxySettings | undefined;
      let controlPlane = opts.controlPlane ?? process.env.STRIPE_AGENT_CONTROL_PLANE;
      try {
        const file = opts.config ? readConfig(opts.config) : {};
        proxy = ProxySettings.resolve(file.proxy as ProxyConfig | undefined);
        controlPlane ??= typeof file.controlPlane === 'string' ? file.controlPlane : undefined;
      } catch (e) {
        process.stderr.write(`stripe-agent doctor: ${(e as Error).message}\n`);
        process.exit(2);
      }
      const checks: Check[] = [];
      if (controlPlane) checks.push(...(await checkPath('control plane', agentUrl(controlPlane), proxy, true, '/healthz')));
      checks.push(...(await checkPath('stripe (direct)', opts.apiBase, proxy, false, '/v1/customers')));
      if (proxy?.proxyFor(opts.apiBase)) checks.push(...(await checkPath('stripe (proxied)', opts.apiBase, proxy, true, '/v1/customers')));
      const key = process.env.STRIPE_API_KEY;
      if (key) {
        checks.push(await checkStripeKey('stripe (direct)', { name: 'doctor', apiKey: key, apiBase: opts.apiBase }, proxy));
        if (proxy?.proxyFor(opts.apiBase)) checks.push(await checkStripeKey('stripe (proxied)', { name: 'doctor', apiKey: key, apiBase: opts.apiBase, useProxySettings: true }, proxy));
      }
      for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.target.padEnd(16)} ${c.what}: ${c.detail}\n`);
      process.exit(checks.every((c) => c.ok) ? 0 : 1);
    });
}
