import type { Job } from '../queue/jobs.js';

/**
 * Why a queued run or sample has not started: no agent of its group connected, none declaring
 * the files roots it needs, or all busy. `connectedRoots` gives the roots of each connected agent.
 */
export function waitingFor(job: Job, connectedRoots: (group: string) => string[][]): string {
  const needs = (job.input.operation as { source?: { type: string; root?: string }; target?: { type: string; root?: string } }) ?? {};
  const roots = [...new Set([needs.source, needs.target].flatMap((d) => (d?.type === 'files' && d.root ? [d.root] : [])))];
  const agents = connectedRoots(job.group);
  if (agents.length === 0) return `Waiting: no agent of the group '${job.group}' is connected.`;
  const fit = agents.filter((declared) => roots.every((r) => declared.includes(r)));
  if (fit.length === 0) {
    return `Waiting: no connected agent of the group '${job.group}' declares the files root${roots.length > 1 ? 's' : ''} ${roots.map((r) => `'${r}'`).join(' and ')}; start one with --files-root ${roots[0]}=DIR (or files.roots in its config).`;
  }
  return `Waiting for a free slot on one of ${fit.length} agent(s) that can run it.`;
}
