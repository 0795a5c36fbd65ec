import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { readToken } from '../agent/options.js';
import { trustedKey } from '../connectors/bundle.js';
import { CONTROL_PLANE_DEFAULTS } from '../control-plane/defaults.js';
import { apiBaseOrigin, port as parsePort, positiveInteger } from './parse.js';
import { stopOnSignals } from './shutdown.js';

export function controlPlaneCommand(): Command {
  return new Command('control-plane')
    .description('Run the reference control plane: HTTP API, the agents\' WebSocket endpoint, SQLite in the data dir')
    .option('--port <port>', 'TCP port', parsePort, CONTROL_PLANE_DEFAULTS.port)
    .option('--host <host>', 'address to listen on', CONTROL_PLANE_DEFAULTS.host)
    .option('--data-dir <dir>', 'where its SQLite database and master key live', './control-plane-data')
    .option('--admin-token-file <file>', 'a file holding the admin token for /api [env STRIPE_AGENT_ADMIN_TOKEN_FILE, or the token in STRIPE_AGENT_ADMIN_TOKEN] (default: generated on first start and printed once)')
    .option('--admin-token <token>', 'the admin token itself (visible in the process list: prefer the file or the environment)')
    .option('--agent-token-file <file>', "a file holding the default group's agent token [env STRIPE_AGENT_DEFAULT_GROUP_TOKEN_FILE, or the token in STRIPE_AGENT_DEFAULT_GROUP_TOKEN] (default: generated on first start and printed once)")
    .option('--agent-token <token>', "the default group's agent token itself (visible in the process list)")
    .option('--heartbeat-ms <ms>', 'heartbeat interval agents are told to keep', positiveInteger, CONTROL_PLANE_DEFAULTS.heartbeatMs)
    .option('--lease-ms <ms>', 'how long a job lease lasts without a heartbeat', positiveInteger, CONTROL_PLANE_DEFAULTS.leaseMs)
    .option('--run-retention-days <days>', 'operation runs that ended longer ago are pruned, with their records and errors', positiveInteger, CONTROL_PLANE_DEFAULTS.runRetentionDays)
    .option('--tls-cert <file>', 'serve HTTPS and WSS with this certificate (PEM, chain included); needs --tls-key')
    .option('--tls-key <file>', 'the private key (PEM) of --tls-cert')
    .option('--metrics-token-file <file>', 'a file holding a token that may read /metrics besides the admin token [env STRIPE_AGENT_METRICS_TOKEN, STRIPE_AGENT_METRICS_TOKEN_FILE]')
    .option('--allowed-api-base <url>', 'an API base besides https://api.stripe.com that connections may name (a sandbox); repeatable', apiBaseOrigin, [] as string[])
    .option('--trusted-key <file>', 'a publisher public key (PEM) that connector bundles may be signed with; repeatable', (file: string, keys: string[]) => [...keys, file], [] as string[])
    .addHelpText('after', '\nThe API is described in docs/api.md, the agents\' protocol in docs/protocol.md. The master key that seals API keys is\nSTRIPE_AGENT_MASTER_KEY (base64 of 32 bytes) or <data-dir>/master.key, made on first start.')
    .action(async (opts: ControlPlaneFlags) => {
      const [{ ControlPlane }, { createLogger }] = await Promise.all([import('../control-plane/control-plane.js'), import('../logging/logger.js')]);
      const log = createLogger('control-plane');
      let trustedKeys;
      let tokens;
      let tls;
      try {
        trustedKeys = opts.trustedKey.map((file) => trustedKey(readFileSync(file, 'utf8'), file));
        if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new Error('--tls-cert and --tls-key go together: give both, or neither for plain HTTP');
        tls = opts.tlsCert && opts.tlsKey ? { cert: readPem(opts.tlsCert, '--tls-cert'), key: readPem(opts.tlsKey, '--tls-key') } : undefined;
        tokens = {
          adminToken: tokenFrom(opts.adminToken, opts.adminTokenFile, 'STRIPE_AGENT_ADMIN_TOKEN'),
          agentToken: tokenFrom(opts.agentToken, opts.agentTokenFile, 'STRIPE_AGENT_DEFAULT_GROUP_TOKEN'),
          metricsToken: tokenFrom(undefined, opts.metricsTokenFile, 'STRIPE_AGENT_METRICS_TOKEN'),
        };
      } catch (e) {
        process.stderr.write(`stripe-agent control-plane: ${(e as Error).message}\n`);
        process.exit(2);
      }
      const plane = await ControlPlane.start({ ...opts, ...tokens, ...(tls ? { tls } : {}), allowedApiBases: opts.allowedApiBase, trustedKeys, log });
      stopOnSignals(() => plane.close());
      process.stderr.write(`Control plane listening on ${plane.url}\n`);
      if (plane.generated.adminToken) process.stderr.write(`Admin token (shown once): ${plane.generated.adminToken}\n`);
      if (plane.generated.agentToken) process.stderr.write(`Agent token of group 'default' (shown once): ${plane.generated.agentToken}\n`);
    });
}

interface ControlPlaneFlags {
  port: number;
  host: string;
  dataDir: string;
  adminToken?: string;
  adminTokenFile?: string;
  agentToken?: string;
  agentTokenFile?: string;
  heartbeatMs: number;
  leaseMs: number;
  runRetentionDays: number;
  allowedApiBase: string[];
  trustedKey: string[];
  metricsTokenFile?: string;
  tlsCert?: string;
  tlsKey?: string;
}

function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new Error(`${flag} ${file} cannot be read: ${(e as Error).message}`);
  }
}

/** A token from its flag, its file flag, or the environment (NAME, or a file named by NAME_FILE), in that order. */
function tokenFrom(flag: string | undefined, file: string | undefined, env: string): string | undefined {
  if (flag) return flag;
  if (file) return readToken(file);
  if (process.env[env]) return process.env[env];
  const envFile = process.env[`${env}_FILE`];
  return envFile ? readToken(envFile) : undefined;
}
