/**
 * What the agent reads before it loads this connector: who it is, its version, and the semver
 * range of the agent's connector API it needs. `stripe-agent connector pack` rewrites `version`.
 */
export const manifest = {
  name: 'stripe',
  version: '1.0.0',
  connectorApi: '^1.0.0',
} as const;
