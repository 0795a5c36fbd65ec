/** The control plane's defaults, apart from its code so the CLI can show them in --help without loading it. */
export const CONTROL_PLANE_DEFAULTS = { port: 8780, host: '127.0.0.1', heartbeatMs: 10_000, leaseMs: 30_000, runRetentionDays: 30 };
