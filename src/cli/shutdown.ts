/*
 * The only place that listens for SIGINT and SIGTERM. Commands say what a signal means to them;
 * a signal past the ones they handle exits at once.
 */

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * For daemons: the first signal runs `stop` and exits 0 once it is done (1 if it failed). A
 * second signal runs `forceStop` (when given) and exits 1 at once.
 */
export function stopOnSignals(stop: () => Promise<void>, forceStop?: () => void): void {
  onSignals(
    (signal) => {
      log(`${signal}: stopping`);
      stop().then(
        () => process.exit(0),
        (e: unknown) => {
          log(`stopping failed: ${e instanceof Error ? e.message : String(e)}`);
          process.exit(1);
        },
      );
    },
    forceStop &&
      ((signal) => {
        log(`${signal} again: cancelling running work and exiting`);
        forceStop();
        process.exit(1);
      }),
  );
}

/** For one-shot work: the first signal aborts it; the work then fails as cancelled and exits. */
export function abortOnSignals(controller: AbortController): void {
  onSignals(() => controller.abort());
}

function onSignals(first: (signal: NodeJS.Signals) => void, second?: (signal: NodeJS.Signals) => void): void {
  let seen = 0;
  const handle = (signal: NodeJS.Signals) => {
    seen++;
    if (seen === 1) return first(signal);
    if (seen === 2 && second) return second(signal);
    log(`${signal} again: exiting now`);
    process.exit(1);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
