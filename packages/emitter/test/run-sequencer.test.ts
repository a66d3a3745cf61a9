import { describe, expect, it } from 'vitest';
import { RunSequencer } from '../src/client/run-sequencer.js';
import type { AgentEvent } from '../src/protocol.js';

function event(seq: number, type: AgentEvent['type'] = 'agent_thinking'): AgentEvent {
  return {
    v: 1,
    id: `r:${seq}`,
    type,
    seq,
    userId: 'u',
    threadId: 't',
    runId: 'r',
    ts: new Date(0).toISOString(),
    critical: true,
    payload: { agentName: 'a', reasoning: 'x' },
  } as AgentEvent;
}

const seqs = (events: AgentEvent[]) => events.map((e) => e.seq);

describe('RunSequencer', () => {
  it('releases in order, holding back early events and naming the gap', () => {
    const run = new RunSequencer('r');
    expect(seqs(run.accept(event(1)))).toEqual([1]);
    expect(run.accept(event(4))).toEqual([]);
    expect(run.accept(event(3))).toEqual([]);
    expect(run.gap()).toEqual({ from: 2, to: 2 });
    expect(seqs(run.accept(event(2)))).toEqual([2, 3, 4]);
    expect(run.gap()).toBeUndefined();
  });

  it('drops duplicates, released or held', () => {
    const run = new RunSequencer('r');
    run.accept(event(1));
    run.accept(event(3));
    expect(run.accept(event(1))).toEqual([]);
    expect(run.accept(event(3))).toEqual([]);
    expect(run.duplicates).toBe(2);
  });

  it('starts after a given seq and skips an unrecoverable gap on demand', () => {
    const run = new RunSequencer('r', 5);
    expect(run.accept(event(5))).toEqual([]);
    run.accept(event(9));
    run.accept(event(10, 'agent_completed'));
    expect(run.gap()).toEqual({ from: 6, to: 8 });
    expect(seqs(run.skipGap())).toEqual([9, 10]);
    expect(run.terminal).toBe(true);
  });

  it('appends to the array it is given, in order, across in-order and held-back events', () => {
    const run = new RunSequencer('r');
    const released: AgentEvent[] = [];
    for (const seq of [1, 2, 4, 2, 3, 5]) expect(run.accept(event(seq), released)).toBe(released);
    run.accept(event(6, 'agent_completed'), released);
    expect(seqs(released)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(run.duplicates).toBe(1);
    expect(run.terminal).toBe(true);
    expect(run.buffered).toBe(0);
  });
});
