/**
 * The only place that listens for SIGINT and SIGTERM. The first signal runs `stop` and exits 0
 * once it is done (1 if it failed); a second signal exits at once.
 */
export function stopOnSignals(stop: () => Promise<void>, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: stopping`);
    stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log(`stopping failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
