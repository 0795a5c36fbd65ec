#!/usr/bin/env node
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { catalogCommand } from './catalog.js';
import { execCommand } from './exec.js';
import { sandboxCommand } from './sandbox.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command('stripe-agent')
  .description('On-premises private agent for Stripe connector work, with its reference control plane and an offline Stripe sandbox')
  .version(version)
  .showHelpAfterError()
  .addCommand(execCommand())
  .addCommand(catalogCommand())
  .addCommand(sandboxCommand());

// Usage errors exit 2, as exec's callers expect; --help and --version exit 0.
for (const command of [program, ...program.commands]) {
  command.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
}

await program.parseAsync();
