import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthorizationError, LifecycleError, RunChangedError, RunClosedError } from '../src/errors.js';
import type { EventDraft, EventStore } from '../src/event-store.js';
import type { RunRef } from '../src/protocol.js';

const TS = '2026-01-01T00:00:00.000Z';
const started = (key?: string): EventDraft => ({ type: 'agent_started', payload: { agentName: 'a' }, idempotencyKey: key });
const thinking = (reasoning: string, key?: string): EventDraft => ({
  type: 'agent_thinking',
  payload: { agentName: 'a', reasoning },
  idempotencyKey: key,
});
const executing = (toolCallId: string): EventDraft => ({
  type: 'tool_executing',
  payload: { agentName: 'a', toolName: 'search', toolCallId },
});
const completed = (status: 'succeeded' | 'failed' = 'succeeded'): EventDraft => ({
  type: 'agent_completed',
  payload: { agentName: 'a', status },
});

/**
 * One behavioural suite for every EventStore (memory, Redis): the same sequence, lifecycle,
 * idempotency, ownership and replay rules, whatever holds the log.
 */
export function describeEventStore(label: string, makeStore: () => Promise<EventStore> | EventStore): void {
  describe(`${label} store`, () => {
    let store: EventStore;
    let runCounter = 0;
    let run: RunRef;
    beforeEach(async () => {
      store = await makeStore();
      run = { userId: 'u1', threadId: 't1', runId: `store-run-${++runCounter}-${Date.now()}` };
    });
    afterEach(async () => {
      await store.close();
    });

    it('assigns gapless seqs and ids, and reads them back all or from a point', async () => {
      const outcomes = await store.append(run, [started(), thinking('x'), thinking('y')], TS);
      expect(outcomes.map((o) => [o.event.seq, o.event.id, o.duplicate])).toEqual([
        [1, `${run.runId}:1`, false],
        [2, `${run.runId}:2`, false],
        [3, `${run.runId}:3`, false],
      ]);
      expect(outcomes[0]!.event).toMatchObject({ v: 1, critical: true, ts: TS, ...run });
      const all = await store.read(run.runId, 0);
      expect(all.status === 'ok' && all.events.map((e) => e.seq)).toEqual([1, 2, 3]);
      const tail = await store.read(run.runId, 2);
      expect(tail.status === 'ok' && tail.events.map((e) => e.seq)).toEqual([3]);
      const none = await store.read(run.runId, 3);
      expect(none).toEqual({ status: 'ok', owner: run, events: [] });
    });

    it('keeps call order for concurrent appends', async () => {
      await store.append(run, [started()], TS);
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(run, [thinking(`r${i}`)], TS)));
      expect(outcomes.map(([o]) => (o!.event.payload as { reasoning: string }).reasoning)).toEqual(
        Array.from({ length: 20 }, (_, i) => `r${i}`),
      );
      expect(outcomes.map(([o]) => o!.event.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    });

    it('changes nothing when one draft of a batch breaks the lifecycle', async () => {
      await store.append(run, [started()], TS);
      await expect(
        store.append(run, [thinking('ok'), { type: 'tool_completed', payload: { agentName: 'a', toolName: 's', toolCallId: 'x' } }], TS),
      ).rejects.toMatchObject({ rule: 'tool_not_executing' });
      const read = await store.read(run.runId, 0);
      expect(read.status === 'ok' && read.events).toHaveLength(1);
      expect((await store.append(run, [thinking('next')], TS))[0]!.event.seq).toBe(2);
    });

    it('enforces the lifecycle: start first, tools matched, nothing after the end', async () => {
      await expect(store.append(run, [thinking('early')], TS)).rejects.toBeInstanceOf(LifecycleError);
      expect(await store.read(run.runId, 0)).toEqual({ status: 'unknown_run' });
      await store.append(run, [started(), executing('c1')], TS);
      await expect(store.append(run, [completed()], TS)).rejects.toMatchObject({ rule: 'tools_still_executing' });
      await store.append(run, [completed('failed')], TS);
      await expect(store.append(run, [thinking('late')], TS)).rejects.toBeInstanceOf(RunClosedError);
      const snapshot = await store.snapshot(run.runId);
      expect(snapshot).toMatchObject({ run, agentName: 'a', lastSeq: 3, completed: true });
    });

    const violations: Array<[string, EventDraft[], EventDraft, string]> = [
      ['not_started', [], thinking('early'), 'LifecycleError'],
      ['already_started', [started()], started(), 'LifecycleError'],
      ['tool_not_executing', [started()], { type: 'tool_completed', payload: { agentName: 'a', toolName: 's', toolCallId: 'x' } }, 'LifecycleError'],
      ['tool_not_executing', [started(), executing('c1'), { type: 'tool_completed', payload: { agentName: 'a', toolName: 'search', toolCallId: 'c1' } }], { type: 'tool_completed', payload: { agentName: 'a', toolName: 'search', toolCallId: 'c1' } }, 'LifecycleError'],
      ['tool_call_reused', [started(), executing('c1')], executing('c1'), 'LifecycleError'],
      ['tool_call_reused', [started(), executing('c1'), { type: 'tool_completed', payload: { agentName: 'a', toolName: 'search', toolCallId: 'c1' } }], executing('c1'), 'LifecycleError'],
      ['tools_still_executing', [started(), executing('c1')], completed(), 'LifecycleError'],
      ['completed', [started(), completed('failed')], thinking('late'), 'RunClosedError'],
    ];
    for (const [rule, before, draft, errorName] of violations) {
      it(`rejects ${draft.type} after [${before.map((d) => d.type).join(', ')}] with ${errorName}(${rule})`, async () => {
        if (before.length > 0) await store.append(run, before, TS);
        const error = await store.append(run, [draft], TS).catch((failure: unknown) => failure);
        expect(error).toMatchObject({ name: errorName, ...(errorName === 'LifecycleError' ? { rule } : { reason: rule }) });
        const read = await store.read(run.runId, 0);
        expect(read.status === 'ok' ? read.events.length : 0).toBe(before.length);
      });
    }

    it('returns the original event for a repeated idempotency key', async () => {
      const [first] = await store.append(run, [started('s')], TS);
      const [again] = await store.append(run, [started('s')], '2030-01-01T00:00:00.000Z');
      expect(again).toEqual({ event: first!.event, duplicate: true });
      await store.append(run, [thinking('t', 'k1')], TS);
      const mixed = await store.append(run, [thinking('t', 'k1'), thinking('u', 'k2')], TS);
      expect(mixed.map((o) => [o.event.seq, o.duplicate])).toEqual([
        [2, true],
        [3, false],
      ]);
      await expect(store.append(run, [thinking('x', 'dup'), thinking('y', 'dup')], TS)).rejects.toMatchObject({
        rule: 'idempotency_key_reused',
      });
    });

    it('keeps runs to their owner', async () => {
      await store.append(run, [started()], TS);
      await expect(store.append({ ...run, userId: 'u2' }, [thinking('x')], TS)).rejects.toBeInstanceOf(AuthorizationError);
      await expect(store.append({ ...run, threadId: 't2' }, [thinking('x')], TS)).rejects.toBeInstanceOf(AuthorizationError);
      const read = await store.read(run.runId, 0);
      expect(read.status === 'ok' && read.owner).toEqual(run);
    });

    it('appends with ifLastSeq only while the run is still at that seq, and changes nothing otherwise', async () => {
      await store.append(run, [started()], TS);
      const error = await store.append(run, [completed('failed')], TS, { ifLastSeq: 0 }).catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(RunChangedError);
      expect(error).toMatchObject({ runId: run.runId, expectedLastSeq: 0, code: 'ERR_UWS_RUN_CHANGED' });
      const read = await store.read(run.runId, 0);
      expect(read.status === 'ok' && read.events.map((e) => e.type)).toEqual(['agent_started']);
      const [end] = await store.append(run, [completed('failed')], TS, { ifLastSeq: 1 });
      expect(end!.event.seq).toBe(2);
    });

    it('reports open tool calls for the watchdog', async () => {
      await store.append(run, [started(), executing('c1'), executing('c2')], TS);
      await store.append(run, [{ type: 'tool_completed', payload: { agentName: 'a', toolName: 'search', toolCallId: 'c1' } }], TS);
      expect((await store.snapshot(run.runId))?.openToolCalls).toEqual([{ toolCallId: 'c2', toolName: 'search' }]);
      expect(await store.snapshot('nope')).toBeUndefined();
    });
  });
}
