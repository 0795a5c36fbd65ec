import { Command } from 'commander';
import { VERSION } from './version.js';

/** `stripe-agent` with `commands`: usage errors exit 2, as exec's callers expect; --help and --version exit 0. */
export function program(commands: Command[]): Command {
  const program = new Command('stripe-agent')
    .description('On-premises private agent for Stripe connector work, with its reference control plane and an offline Stripe sandbox')
    .version(VERSION)
    // Options after a subcommand are the subcommand's: `connector pack --version 1.2.0` is not the program's --version.
    .enablePositionalOptions()
    .showHelpAfterError();
  for (const command of commands) program.addCommand(command);
  for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
    command.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
  }
  return program;
}
