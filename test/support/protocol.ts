/** A frame from the control plane as the messages it carries: `jobs` and `acks` (protocol 1.1) open into `job` and `ack` messages. */
export function unbatch(frame: any): any[] {
  if (frame.type === 'jobs') return frame.jobs.map((job: any) => ({ type: 'job', ...job }));
  if (frame.type === 'acks') return frame.acks.map((ack: any) => ({ type: 'ack', ...ack }));
  return [frame];
}
