import { Cron } from 'croner';
import { BundleError } from '../connectors/bundle.js';
import type { AgentMessage } from '../protocol/messages.js';
import type { UpdateOutcome, Updater } from './updater.js';

/**
 * When the agent looks for a newer connector: on its cron schedule, when the control plane asks
 * (a connection of the group is tested), and before a test job. Each look ends with telling the
 * control plane which version runs now, and why the last one tried was refused, if it was.
 * The organization's Disable Auto Connector Update policy is kept here, as last heard.
 */
export class UpdateSchedule {
  private task: Cron | undefined;
  private disabled = false;

  constructor(
    private readonly updater: Updater,
    private readonly cron: string,
    private readonly send: (message: AgentMessage) => boolean,
  ) {
    try {
      // Parsed only: croner reads the expression without formatting dates in a zone, so the
      // agent's start neither loads ICU's time zone data nor waits for it (node-cron did both).
      new Cron(cron);
    } catch (e) {
      throw new BundleError(`connectors.updateSchedule '${cron}' is not a cron expression: ${(e as Error).message}`);
    }
  }

  start(): void {
    this.task = new Cron(this.cron, () => void this.check());
  }

  async stop(): Promise<void> {
    this.task?.stop();
  }

  /** The policy as the control plane says it now. */
  setPolicy(disableAutoConnectorUpdate: boolean): void {
    this.disabled = disableAutoConnectorUpdate;
  }

  /** Looks for a newer connector (unless the policy forbids) and reports what runs now. */
  async check(): Promise<UpdateOutcome> {
    const outcome = await this.updater.check(this.disabled);
    this.report();
    return outcome;
  }

  report(): void {
    const error = this.updater.lastError;
    this.send({ type: 'connectors', connectors: { stripe: this.updater.version }, ...(error ? { error } : {}) });
  }
}
