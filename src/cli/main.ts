#!/usr/bin/env node
import { Command } from 'commander';
import { VERSION } from './version.js';
import { catalogCommand } from './catalog.js';
import { configureCommand } from './configure.js';
import { connectorCommand } from './connector.js';
import { controlPlaneCommand } from './control-plane.js';
import { doctorCommand } from './doctor.js';
import { execCommand } from './exec.js';
import { runCommand } from './run.js';
import { startCommand } from './start.js';
import { sandboxCommand } from './sandbox.js';


const program = new Command('stripe-agent')
  .description('On-premises private agent for Stripe connector work, with its reference control plane and an offline Stripe sandbox')
  .version(VERSION)
  // Options after a subcommand are the subcommand's: `connector pack --version 1.2.0` is not the program's --version.
  .enablePositionalOptions()
  .showHelpAfterError()
  .addCommand(controlPlaneCommand())
  .addCommand(startCommand())
  .addCommand(runCommand())
  .addCommand(configureCommand())
  .addCommand(execCommand())
  .addCommand(doctorCommand())
  .addCommand(connectorCommand())
  .addCommand(catalogCommand())
  .addCommand(sandboxCommand());

// Usage errors exit 2, as exec's callers expect; --help and --version exit 0.
for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
  command.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
}

await program.parseAsync();
