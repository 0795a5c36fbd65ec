import { describe, expect, it } from 'vitest';
import { AgentMessage, ControlMessage, MAX_MESSAGE_BYTES, parseMessage } from '../src/protocol/messages.js';

describe('protocol messages', () => {
  it('parses what each side sends', () => {
    expect(parseMessage(AgentMessage, JSON.stringify({ type: 'poll', slots: 4 }))).toEqual({ ok: true, message: { type: 'poll', slots: 4 } });
    const job = { type: 'job', jobId: 'job_1', leaseId: 'l1', leaseExpiresAt: 1, attempt: 1, activity: 'read', connection: {}, input: { id: 'cus_1' } };
    expect(parseMessage(ControlMessage, JSON.stringify(job))).toMatchObject({ ok: true, message: { type: 'job', activity: 'read' } });
  });

  it.each([
    ['not JSON', '{"type":', /not JSON/],
    ['an unknown type', JSON.stringify({ type: 'launch' }), /malformed at 'type'/],
    ['a wrong field', JSON.stringify({ type: 'poll', slots: 0 }), /malformed at 'slots'/],
    ['a missing field', JSON.stringify({ type: 'result', jobId: 'j', leaseId: 'l', status: 'succeeded' }), /malformed at 'connectorVersion'/],
    ['an oversized frame', 'x'.repeat(MAX_MESSAGE_BYTES + 1), /over the 1048576-byte limit/],
  ])('refuses %s, saying why', (_name, frame, reason) => {
    const parsed = parseMessage(AgentMessage, frame);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
