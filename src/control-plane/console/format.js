// @ts-check
// How times, durations and statuses read in tables.

/**
 * @param {string | null | undefined} iso
 */
export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/**
 * Milliseconds as people read them: 840 ms, 12.3 s, 4 min 05 s.
 * @param {number | null | undefined} ms
 */
export function duration(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * A job's time from queued to finished.
 * @param {{createdAt: string, finishedAt?: string}} job
 */
export function jobDuration(job) {
  return job.finishedAt ? `${Date.parse(job.finishedAt) - Date.parse(job.createdAt)} ms` : '';
}
