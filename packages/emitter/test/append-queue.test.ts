import { describe, expect, it } from 'vitest';
import { AppendQueue } from '../src/append-queue.js';
import type { EventDraft } from '../src/event-store.js';
import { LifecycleError } from '../src/errors.js';
import { memoryStore } from '../src/memory-store.js';
import type { RunRef } from '../src/protocol.js';

const TS = '2026-01-01T00:00:00.000Z';
const owner: RunRef = { userId: 'u1', threadId: 't1', runId: 'r1' };
const thinking = (reasoning: string, idempotencyKey?: string): EventDraft => ({
  type: 'agent_thinking',
  payload: { agentName: 'a', reasoning },
  idempotencyKey,
});
const started: EventDraft = { type: 'agent_started', payload: { agentName: 'a' } };

/** A queue over a real memory store that records every store call. */
function queueOverStore(coalesceThinking = false) {
  const store = memoryStore();
  const calls: Array<{ run: RunRef; drafts: number }> = [];
  let coalesced = 0;
  const queue = new AppendQueue(
    (run, drafts) => {
      calls.push({ run, drafts: drafts.length });
      return store.append(run, drafts, TS);
    },
    coalesceThinking,
    () => coalesced++,
  );
  return { queue, store, calls, coalesced: () => coalesced };
}

const reasoningOf = (outcomes: Array<{ event: { payload: unknown } }>) =>
  outcomes.map((outcome) => (outcome.event.payload as { reasoning?: string }).reasoning);

describe('append queue', () => {
  it('sends the emits of one turn to the store as one append, in call order, each caller its own events', async () => {
    const { queue, calls } = queueOverStore();
    await queue.submit(owner, [started]);
    const answers = await Promise.all(['a', 'b', 'c'].map((reasoning) => queue.submit(owner, [thinking(reasoning)])));
    expect(calls.map((call) => call.drafts)).toEqual([1, 3]);
    expect(answers.map((outcomes) => outcomes.map((o) => o.event.seq))).toEqual([[2], [3], [4]]);
    expect(answers.map(reasoningOf)).toEqual([['a'], ['b'], ['c']]);
    expect(queue.size).toBe(0);
  });

  it('never sends a merged append again after a store failure (the store may have applied it): every caller gets the error', async () => {
    const store = memoryStore();
    const calls: number[] = [];
    const lost = new Error('Connection is closed.');
    const queue = new AppendQueue(
      async (run, drafts) => {
        calls.push(drafts.length);
        const outcomes = await store.append(run, drafts, TS);
        // Applied, but the answer never arrives: what a connection dropped after the command ran looks like.
        if (drafts.length > 1) throw lost;
        return outcomes;
      },
      false,
      () => undefined,
    );
    await queue.submit(owner, [started]);
    const results = await Promise.allSettled(['a', 'b'].map((reasoning) => queue.submit(owner, [thinking(reasoning)])));
    expect(results.map((result) => (result.status === 'rejected' ? result.reason : 'fulfilled'))).toEqual([lost, lost]);
    expect(calls).toEqual([1, 2]);
    const read = await store.read('r1', 0);
    expect(read.status === 'ok' && read.events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('gives each caller its own answer when one event of a merged append breaks a rule', async () => {
    const { queue, store } = queueOverStore();
    await queue.submit(owner, [started]);
    const results = await Promise.allSettled([
      queue.submit(owner, [thinking('ok 1')]),
      queue.submit(owner, [started]), // already started
      queue.submit(owner, [thinking('ok 2')]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(LifecycleError);
    const read = await store.read('r1', 0);
    expect(read.status === 'ok' && read.events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('never merges another identity into the owner’s append', async () => {
    const { queue, calls } = queueOverStore();
    await queue.submit(owner, [started]);
    const intruder = { ...owner, userId: 'mallory' };
    const results = await Promise.allSettled([
      queue.submit(owner, [thinking('mine')]),
      queue.submit(intruder, [thinking('not yours')]),
      queue.submit(owner, [thinking('mine too')]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls.slice(1).map((call) => call.run.userId)).toEqual(['u1', 'mallory', 'u1']);
  });

  it('coalesces only directly consecutive plain agent_thinking when asked to', async () => {
    const { queue, store, coalesced } = queueOverStore(true);
    await queue.submit(owner, [started]);
    const answers = await Promise.all([
      queue.submit(owner, [thinking('10%')]),
      queue.submit(owner, [thinking('20%')]),
      queue.submit(owner, [{ type: 'tool_executing', payload: { agentName: 'a', toolName: 's', toolCallId: 'c1' } }]),
      queue.submit(owner, [thinking('30%')]),
      queue.submit(owner, [thinking('keyed', 'k')]),
      queue.submit(owner, [thinking('40%')]),
      queue.submit(owner, [thinking('50%')]),
    ]);
    // 10% gives way to 20%, 40% to 50%; the tool call, 30% (a tool call before it) and the keyed one stay.
    expect(answers.map(reasoningOf)).toEqual([['20%'], ['20%'], [undefined], ['30%'], ['keyed'], ['50%'], ['50%']]);
    expect(coalesced()).toBe(2);
    const read = await store.read('r1', 1);
    expect(read.status === 'ok' && read.events.map((e) => (e.payload as { reasoning?: string }).reasoning ?? e.type)).toEqual([
      '20%',
      'tool_executing',
      '30%',
      'keyed',
      '50%',
    ]);
  });
});
