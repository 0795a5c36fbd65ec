/*
 * The only place that listens for SIGINT and SIGTERM. Commands say what a signal means to them;
 * a second signal always exits at once.
 */

const log = (line: string) => process.stderr.write(`${line}\n`);

/** For servers: the first signal runs `stop` and exits 0 once it is done (1 if it failed). */
export function stopOnSignals(stop: () => Promise<void>): void {
  onSignals((signal) => {
    log(`${signal}: stopping`);
    stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log(`stopping failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      },
    );
  });
}

/** For one-shot work: the first signal aborts it; the work then fails as cancelled and exits. */
export function abortOnSignals(controller: AbortController): void {
  onSignals(() => controller.abort());
}

function onSignals(first: (signal: NodeJS.Signals) => void): void {
  let seen = false;
  const handle = (signal: NodeJS.Signals) => {
    if (seen) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    seen = true;
    first(signal);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
