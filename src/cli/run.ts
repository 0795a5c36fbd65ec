import { Command } from 'commander';
import { VERSION } from './version.js';
import type { Agent } from '../agent/daemon.js';
import type { CodeCacheUse } from './agent-code.js';
import { EXIT_REFUSED } from '../agent/lifecycle.js';
import { AGENT_OPTIONS, resolveAgentOptions } from '../agent/options.js';
import { stopOnSignals } from './shutdown.js';


/** `cache`: how the agent's code was compiled, logged at debug level once there is a log. */
export function runCommand(cache?: CodeCacheUse): Command {
  const command = new Command('run')
    .description('Run the agent daemon: dial out to the control plane, pull jobs, run them, keep every result until acknowledged')
    .option('--config <file>', 'JSON config file; its keys are the option names below');
  for (const o of AGENT_OPTIONS) {
    command.option(o.kind === 'boolean' ? `--${o.flag}` : `--${o.flag} <${o.kind === 'integer' ? 'n' : 'value'}>`, `${o.description} [env ${o.env}]`);
  }
  command.option('--trusted-key <file>', 'a publisher public key (PEM) connector updates must be signed with; repeatable (config: connectors.trustedKeys)', (file: string, keys: string[]) => [...keys, file], [] as string[]);
  command.option('--files-root <NAME=DIR>', 'a directory operations may read and write, by the name activities use; repeatable (config: files.roots)', (root: string, roots: string[]) => [...roots, root], [] as string[]);
  return command
    .addHelpText('after', '\nA flag beats the config file, which beats the environment. SIGTERM or SIGINT drains: no new work, running jobs\nfinish, results are flushed; a second signal cancels running jobs and exits.')
    .action(async (flags: Record<string, unknown> & { config?: string }) => {
      let options;
      try {
        options = resolveAgentOptions(flags, flags.config);
      } catch (e) {
        process.stderr.write(`stripe-agent run: ${(e as Error).message}\n`);
        process.exit(2);
      }
      // The daemon is loaded (bundled: initialised) only once the flags are read: --help and a bad flag start nothing.
      const [{ Agent }, { createLogger }] = await Promise.all([import('../agent/daemon.js'), import('../logging/logger.js')]);
      const log = createLogger('agent', options.logLevel);
      if (cache) log.debug({ codeCache: 'used' in cache ? cache.used : `unused: ${cache.unused}` }, 'agent code compiled');
      let agent: Agent;
      try {
        agent = new Agent(options, log, VERSION);
      } catch (e) {
        // A setting that cannot work (a proxy URL, a trusted key, a schedule): say which, and stop.
        process.stderr.write(`stripe-agent run: ${(e as Error).message}\n`);
        process.exit(2);
      }
      stopOnSignals(() => agent.stop(), () => agent.abort());
      void agent.refused.then((reason) => {
        process.stderr.write(`stripe-agent run: the control plane refused this agent: ${reason}\n`);
        process.exit(EXIT_REFUSED);
      });
      agent.start();
    });
}
