import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStore } from '../src/memory-store.js';
import type { EventDraft } from '../src/event-store.js';
import { describeEventStore } from './store-suite.js';

describeEventStore('memory', () => memoryStore());

const run = { userId: 'u', threadId: 't', runId: 'r' };
const TS = '2026-01-01T00:00:00.000Z';
const thinking: EventDraft = { type: 'agent_thinking', payload: { agentName: 'a', reasoning: 'x' } };

describe('memory store bounds', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps only replayLimit events per run and answers expired before them', async () => {
    const store = memoryStore({ replayLimit: 3 });
    await store.append(run, [{ type: 'agent_started', payload: { agentName: 'a' } }, thinking, thinking, thinking, thinking], TS);
    expect(store.stats().events).toBe(3);
    expect(await store.read('r', 1)).toEqual({ status: 'expired', owner: run });
    const held = await store.read('r', 2);
    expect(held.status === 'ok' && held.events.map((e) => e.seq)).toEqual([3, 4, 5]);
    await store.close();
  });

  it('forgets a completed run after its TTL but remembers it expired', async () => {
    vi.useFakeTimers();
    const store = memoryStore({ completedRunTtlMs: 1000, tombstoneLimit: 1 });
    await store.append(run, [{ type: 'agent_started', payload: { agentName: 'a' } }, { type: 'agent_completed', payload: { agentName: 'a', status: 'succeeded' } }], TS);
    vi.advanceTimersByTime(999);
    expect(store.stats()).toMatchObject({ runs: 1, events: 2 });
    vi.advanceTimersByTime(1);
    expect(store.stats()).toEqual({ runs: 0, events: 0, idempotencyKeys: 0, tombstones: 1, evictedRuns: 0 });
    expect(await store.read('r', 0)).toEqual({ status: 'expired', owner: run });
    await expect(store.append(run, [thinking], TS)).rejects.toMatchObject({ code: 'ERR_UWS_RUN_CLOSED' });

    const other = { ...run, runId: 'r2' };
    await store.append(other, [{ type: 'agent_started', payload: { agentName: 'a' } }, { type: 'agent_completed', payload: { agentName: 'a', status: 'failed' } }], TS);
    vi.advanceTimersByTime(1000);
    // tombstoneLimit 1: the older tombstone made room.
    expect(store.stats().tombstones).toBe(1);
    expect(await store.read('r', 0)).toEqual({ status: 'unknown_run' });
    await store.close();
  });

  it('bounds idempotency keys per run, oldest forgotten first', async () => {
    const store = memoryStore({ idempotencyLimit: 2 });
    await store.append(run, [{ type: 'agent_started', payload: { agentName: 'a' }, idempotencyKey: 'k0' }], TS);
    for (const key of ['k1', 'k2']) await store.append(run, [{ ...thinking, idempotencyKey: key }], TS);
    expect(store.stats().idempotencyKeys).toBe(2);
    const [replayed] = await store.append(run, [{ ...thinking, idempotencyKey: 'k2' }], TS);
    expect(replayed!.duplicate).toBe(true);
    await store.close();
  });

  it('answers a repeated key with the original event after the event has left the replay window', async () => {
    const store = memoryStore({ replayLimit: 2 });
    await store.append(run, [{ type: 'agent_started', payload: { agentName: 'a' } }], TS);
    const [original] = await store.append(run, [{ ...thinking, idempotencyKey: 'k' }], '2026-01-01T00:00:01.000Z');
    for (let n = 0; n < 3; n++) await store.append(run, [thinking], TS);
    expect(await store.read('r', 1)).toEqual({ status: 'expired', owner: run });
    const [repeated] = await store.append(run, [{ ...thinking, idempotencyKey: 'k' }], TS);
    expect(repeated).toEqual({ event: original!.event, duplicate: true });
    expect(repeated!.event).toMatchObject({ seq: 2, id: 'r:2', ts: '2026-01-01T00:00:01.000Z' });
    await store.close();
  });

  it('stays within maxEvents by forgetting completed runs early, longest-completed first, never an open run', async () => {
    const store = memoryStore({ maxEvents: 10 });
    const started: EventDraft = { type: 'agent_started', payload: { agentName: 'a' } };
    const completed: EventDraft = { type: 'agent_completed', payload: { agentName: 'a', status: 'succeeded' } };
    const runOf = (runId: string) => ({ ...run, runId });
    // An open run of 6 events, then completed runs of 3: the second passes the cap of 10.
    await store.append(runOf('open'), [started, thinking, thinking, thinking, thinking, thinking], TS);
    for (const runId of ['done-1', 'done-2']) await store.append(runOf(runId), [started, thinking, completed], TS);
    expect(store.stats()).toMatchObject({ runs: 2, events: 9, evictedRuns: 1 });
    expect(await store.read('done-1', 0)).toEqual({ status: 'expired', owner: runOf('done-1') });
    const kept = await store.read('done-2', 0);
    expect(kept.status === 'ok' && kept.events).toHaveLength(3);
    // The open run grows past the cap: the completed run goes, the open one is never cut.
    await store.append(runOf('open'), [thinking, thinking], TS);
    expect(store.stats()).toMatchObject({ runs: 1, events: 8, evictedRuns: 2 });
    expect(await store.read('done-2', 0)).toEqual({ status: 'expired', owner: runOf('done-2') });
    // Only open runs left: the store holds them past the cap rather than cut a live run.
    await store.append(runOf('also-open'), [started, thinking, thinking], TS);
    expect(store.stats()).toMatchObject({ runs: 2, events: 11, evictedRuns: 2 });
    for (const [runId, count] of [['open', 8], ['also-open', 3]] as const) {
      const held = await store.read(runId, 0);
      expect(held.status === 'ok' && held.events).toHaveLength(count);
    }
    await store.close();
  });

  it('rejects nonsensical limits', () => {
    expect(() => memoryStore({ replayLimit: 0 })).toThrow(/replayLimit/);
    expect(() => memoryStore({ maxEvents: 0 })).toThrow(/maxEvents/);
  });
});
