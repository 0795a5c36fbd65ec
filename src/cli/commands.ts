import { catalogCommand } from './catalog.js';
import { configureCommand } from './configure.js';
import { connectorCommand } from './connector.js';
import { controlPlaneCommand } from './control-plane.js';
import { doctorCommand } from './doctor.js';
import { execCommand } from './exec.js';
import { program } from './program.js';
import { runCommand } from './run.js';
import { sandboxCommand } from './sandbox.js';
import { startCommand } from './start.js';

/** Every command, as `stripe-agent --help` lists them. */
export function commandLine() {
  return program([
    controlPlaneCommand(),
    startCommand(),
    runCommand(),
    configureCommand(),
    execCommand(),
    doctorCommand(),
    connectorCommand(),
    catalogCommand(),
    sandboxCommand(),
  ]);
}
