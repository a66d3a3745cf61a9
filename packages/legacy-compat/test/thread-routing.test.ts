import { afterEach, describe, expect, it } from 'vitest';
import { AgentWebSocketBridge } from '../src/agent-websocket-bridge.js';
import { configureLegacyCompat, getLegacyFailures } from '../src/index.js';
import { WebSocketManager } from '../src/websocket-manager.js';
import { createDefensiveUserExecutionContext, createWebSocketManager } from '../src/websocket-manager-factory.js';
import { freshRun, settle, types, useHarness, waitFor } from './support.js';

/**
 * Legacy `sendToThread(threadId, …)` sent to a *user* named like the thread (e.2#2). The
 * shim finds the thread's owner, or sends nothing and says so: a socket authenticated as a
 * user whose id equals the thread id must never receive a thread message.
 */
const harness = useHarness();

afterEach(() => {
  configureLegacyCompat({ resolveThreadOwner: undefined, resolveRunContext: undefined, registryLimit: undefined });
});

function failureCount(reason: string): number {
  return getLegacyFailures()
    .filter((failure) => failure.api === 'WebSocketManager.sendToThread' && failure.reason === reason)
    .reduce((sum, failure) => sum + failure.count, 0);
}

describe('sendToThread', () => {
  it('reaches the owner learned from a context, never a user named like the thread', async () => {
    const ctx = freshRun();
    const owner = await harness.client(ctx.userId);
    const impostor = await harness.client(ctx.threadId);
    createDefensiveUserExecutionContext(ctx.userId, { fallbackContext: { threadId: ctx.threadId, runId: ctx.runId } });
    const manager = new WebSocketManager(); // knows nobody: the registry answers
    expect(await manager.sendToThread(ctx.threadId, { type: 'thread_renamed', new_title: 'Trip' })).toBe(true);
    expect(await manager.sendToThread(ctx.threadId, { type: 'agent_started', run_id: ctx.runId, agent_name: 'a' })).toBe(true);
    await waitFor(() => owner.userEvents.length === 1 && owner.events.length === 1, 'the message and the run event');
    expect(owner.userEvents[0]).toMatchObject({ type: 'thread_renamed', userId: ctx.userId, data: { new_title: 'Trip' } });
    expect(owner.events[0]).toMatchObject({ type: 'agent_started', runId: ctx.runId, threadId: ctx.threadId });
    await settle();
    expect(impostor.userEvents).toEqual([]);
    expect(impostor.events).toEqual([]);
  });

  it('answers false and counts thread_owner_unknown when nobody is known to own the thread', async () => {
    const ctx = freshRun();
    const impostor = await harness.client(ctx.threadId);
    const before = failureCount('thread_owner_unknown');
    expect(await new WebSocketManager().sendToThread(ctx.threadId, { type: 'hello' })).toBe(false);
    expect(failureCount('thread_owner_unknown')).toBe(before + 1);
    await settle();
    expect(impostor.userEvents).toEqual([]);
  });

  it('learns nothing from the legacy fabrication userId = threadId', async () => {
    const { threadId, runId } = freshRun();
    const impostor = await harness.client(threadId);
    const fabricated = await createWebSocketManager({ userContext: { userId: threadId, threadId, runId } });
    expect(await fabricated.sendToThread(threadId, { type: 'progress' })).toBe(false);
    expect(await new WebSocketManager().sendToThread(threadId, { type: 'progress' })).toBe(false);
    await settle();
    expect(impostor.userEvents).toEqual([]);
  });

  it('refuses a thread seen with two users (thread_owner_ambiguous) until the hook decides', async () => {
    const [a, b] = [freshRun(), freshRun()];
    const shared = `thread-shared-${a.userId}`;
    const alice = await harness.client(a.userId);
    const bob = await harness.client(b.userId);
    await createWebSocketManager({ userContext: { ...a, threadId: shared } });
    await createWebSocketManager({ userContext: { ...b, threadId: shared } });
    const before = failureCount('thread_owner_ambiguous');
    expect(await new WebSocketManager().sendToThread(shared, { type: 'who' })).toBe(false);
    expect(failureCount('thread_owner_ambiguous')).toBe(before + 1);

    configureLegacyCompat({ resolveThreadOwner: async (threadId) => (threadId === shared ? b.userId : undefined) });
    expect(await new WebSocketManager().sendToThread(shared, { type: 'who' })).toBe(true);
    await waitFor(() => bob.userEvents.length === 1, "bob's message");
    await settle();
    expect(alice.userEvents).toEqual([]);
  });

  it('asks the resolveThreadOwner hook first: it is authoritative', async () => {
    const ctx = freshRun();
    const realOwner = freshRun();
    const client = await harness.client(realOwner.userId);
    await createWebSocketManager(ctx); // the registry would say ctx.userId
    configureLegacyCompat({ resolveThreadOwner: (threadId) => (threadId === ctx.threadId ? realOwner.userId : undefined) });
    expect(await new WebSocketManager().sendToThread(ctx.threadId, { type: 'moved' })).toBe(true);
    await waitFor(() => client.userEvents.length === 1, 'the message');
  });

  it("keeps its own threadId when the handle's context names another run: the message's run_id wins", async () => {
    const run1 = freshRun();
    const run2 = { ...run1, runId: `${run1.runId}-2` };
    const alice = await harness.client(run1.userId);
    const manager = await createWebSocketManager(run1);
    const before = failureCount('no_run_context');
    // Shape N, as the legacy bridge sent it: run_id and user_id, no thread_id.
    const shapeN = { type: 'agent_started', run_id: run2.runId, user_id: run1.userId, agent_name: 'triage', payload: { status: 'started' } };
    expect(await manager.sendToThread(run1.threadId, shapeN)).toBe(true);
    // Without a run_id, the handle's own run fills it in.
    expect(await manager.sendToThread(run1.threadId, { type: 'agent_thinking', agent_name: 'triage', reasoning: 'mine' })).toBe(true);
    await waitFor(() => alice.run(run2.runId).length === 1 && alice.run(run1.runId).length === 2, 'both runs');
    expect(alice.run(run2.runId)[0]).toMatchObject({
      type: 'agent_started',
      userId: run1.userId,
      threadId: run1.threadId,
      payload: { agentName: 'triage' },
    });
    expect(types(alice.run(run1.runId))).toEqual(['agent_started', 'agent_thinking']);
    expect(alice.run(run1.runId)[1]).toMatchObject({ threadId: run1.threadId, payload: { reasoning: 'mine' } });
    expect(failureCount('no_run_context')).toBe(before);
    await settle();
    expect(alice.events).toHaveLength(3);
  });

  it('forgets the least recently seen threads beyond registryLimit', async () => {
    configureLegacyCompat({ registryLimit: 2 });
    const [first, second, third] = [freshRun(), freshRun(), freshRun()];
    for (const ctx of [first, second, third]) await createWebSocketManager(ctx);
    const manager = new WebSocketManager();
    expect(await manager.sendToThread(first.threadId, { type: 'x' })).toBe(false);
    expect(await manager.sendToThread(third.threadId, { type: 'x' })).toBe(true);
    expect(() => configureLegacyCompat({ registryLimit: 0 })).toThrow(RangeError);
  });
});

describe('runs known only by id', () => {
  it('the resolveRunContext hook answers for a run the shim has never seen', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    configureLegacyCompat({
      resolveRunContext: (runId) => (runId === ctx.runId ? { userId: ctx.userId, threadId: ctx.threadId } : undefined),
    });
    expect(await new AgentWebSocketBridge().notifyAgentThinking(ctx.runId, 'a', 'hooked')).toBe(true);
    await waitFor(() => client.events.length === 2, 'start and thinking');
    expect(client.events[1]).toMatchObject({ runId: ctx.runId, threadId: ctx.threadId, type: 'agent_thinking' });
  });
});
