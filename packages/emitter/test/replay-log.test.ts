import { describe, expect, it } from 'vitest';
import { buildEnvelope } from '../src/envelope.js';
import { ReplayLog } from '../src/replay-log.js';

const run = { userId: 'u', threadId: 't', runId: 'r' };
const tsOf = (seq: number) => `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`;
const payloadOf = (seq: number) => ({ agentName: 'a', reasoning: `step ${seq}` });

/** The log of `count` events, and the envelopes they were sent as. */
function filled(limit: number, count: number) {
  const log = new ReplayLog(limit);
  const sent = [];
  const dropped = [];
  for (let seq = 1; seq <= count; seq++) {
    const payload = payloadOf(seq);
    sent.push(buildEnvelope(run, seq, 'agent_thinking', tsOf(seq), payload));
    dropped.push(log.push('agent_thinking', tsOf(seq), payload));
  }
  return { log, sent, dropped };
}

describe('ReplayLog', () => {
  it('rebuilds the envelopes that were sent, payloads included, from any seq on', () => {
    const { log, sent } = filled(10, 5);
    expect(log.length).toBe(5);
    expect(log.after(run, 0)).toEqual(sent);
    expect(log.after(run, 3)).toEqual(sent.slice(3));
    // The payload is the one the event was sent with, not a copy.
    expect(log.after(run, 4)?.[0]?.payload).toBe(sent[4]?.payload);
    expect(log.after(run, 5)).toEqual([]);
    expect(log.after(run, 9)).toEqual([]);
  });

  it('keeps the newest `limit` events and answers undefined for a seq that left the window', () => {
    const { log, sent, dropped } = filled(3, 10);
    expect(dropped).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    expect(log.length).toBe(3);
    expect(log.after(run, 7)).toEqual(sent.slice(7));
    expect(log.after(run, 9)).toEqual(sent.slice(9));
    // seq 7 is gone: a resume after 6 cannot be answered in full.
    expect(log.after(run, 6)).toBeUndefined();
    expect(log.after(run, 0)).toBeUndefined();
  });

  it('stays exact across the compactions of a long run', () => {
    // limit 4 compacts every 4 drops: 1,000 events go through 249 of them.
    const { log, sent } = filled(4, 1_000);
    expect(log.length).toBe(4);
    expect(log.after(run, 996)).toEqual(sent.slice(996));
    expect(log.after(run, 998)?.map((event) => event.seq)).toEqual([999, 1000]);
    expect(log.after(run, 995)).toBeUndefined();
  });

  it('reads a fractional afterSeq as the events after its whole part', () => {
    const { log, sent } = filled(10, 4);
    expect(log.after(run, 1.5)).toEqual(sent.slice(1));
  });
});
