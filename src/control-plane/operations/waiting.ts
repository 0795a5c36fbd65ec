import { SAMPLES_SINCE } from '../../protocol/limits.js';
import { isSample } from '../../protocol/operations.js';
import type { Job } from '../queue/jobs.js';

/** A connected agent as a queued run's wait is explained by. */
export interface ConnectedAgent {
  /** The files roots it declares. */
  roots: string[];
  /** It reads no more of a source than a sample asks (protocol 1.2 or later): only then is it leased samples. */
  samples: boolean;
}

/**
 * Why a queued run or sample has not started: no agent of its group connected, none declaring
 * the files roots it needs, none of a protocol that takes samples (for a sample), or all busy.
 */
export function waitingFor(job: Job, connectedAgents: (group: string) => ConnectedAgent[]): string {
  const needs = (job.input.operation as { source?: { type: string; root?: string }; target?: { type: string; root?: string } }) ?? {};
  const roots = [...new Set([needs.source, needs.target].flatMap((d) => (d?.type === 'files' && d.root ? [d.root] : [])))];
  const agents = connectedAgents(job.group);
  if (agents.length === 0) return `Waiting: no agent of the group '${job.group}' is connected.`;
  const withRoots = agents.filter((agent) => roots.every((r) => agent.roots.includes(r)));
  const named = roots.map((r) => `'${r}'`).join(' and ');
  if (withRoots.length === 0) {
    return `Waiting: no connected agent of the group '${job.group}' declares the files root${roots.length > 1 ? 's' : ''} ${named}; start one with --files-root ${roots[0]}=DIR (or files.roots in its config).`;
  }
  const fit = isSample(job.input) ? withRoots.filter((agent) => agent.samples) : withRoots;
  if (fit.length === 0) {
    const which = roots.length > 0 ? ` that declare ${named}` : '';
    return `Waiting: the connected agent(s) of the group '${job.group}'${which} speak a protocol older than ${SAMPLES_SINCE}, which would read the whole source for a sample; upgrade one of them.`;
  }
  return `Waiting for a free slot on one of ${fit.length} agent(s) that can run it.`;
}
