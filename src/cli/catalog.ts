import { Command } from 'commander';

export function catalogCommand(): Command {
  return new Command('catalog')
    .description("Print the connector's object catalog as JSON: each object's activities, search fields, sub-objects and schemas")
    .option('--object <name>', 'only this object, as in customers')
    .action(async (opts: { object?: string }) => {
      const { ConnectorError, createConnector } = await import('../connectors/stripe/index.js');
      try {
        const entries = createConnector().catalog(opts.object);
        process.stdout.write(`${JSON.stringify(opts.object ? entries[0] : entries, null, 2)}\n`);
      } catch (e) {
        if (!(e instanceof ConnectorError)) throw e;
        process.stderr.write(`${JSON.stringify({ error: e.toJSON() })}\n`);
        process.exit(1);
      }
    });
}
