import { afterEach, describe, expect, it } from 'vitest';
import { AgentWebSocketBridge, WebSocketNotifier } from '../src/agent-websocket-bridge.js';
import { notifyPhaseComplete, notifyPhaseStart } from '../src/executor.js';
import { createTransparentEmitter } from '../src/transparent-websocket-events.js';
import { emitWebSocketEvent } from '../src/unified-data-agent.js';
import { UnifiedWebSocketEmitter } from '../src/unified-emitter.js';
import { AgentWebSocketBridgeAdapter } from '../src/websocket-bridge-adapter.js';
import { createAgentBridgeAdapter } from '../src/websocket-bridge-factory.js';
import { runsInFlight } from '../src/core/run-tracker.js';
import { configureLegacyCompat, getLegacyFailures } from '../src/index.js';
import { WebSocketManager } from '../src/websocket-manager.js';
import { createWebSocketManager } from '../src/websocket-manager-factory.js';
import { freshRun, settle, useHarness, waitFor } from './support.js';

/**
 * Legacy sent one user's messages one at a time, in call order (§e.3 "preserve the per-user
 * FIFO send"). The shim's calls look their run up for different times, so each takes its
 * place in its run's order when it is made: concurrent calls on one run arrive as they were
 * called, and a real `agent_started` is never replaced by the one the shim makes up for an
 * event that overtook it.
 */
const harness = useHarness();

afterEach(async () => {
  configureLegacyCompat({ resolveRunContext: undefined, resolveThreadOwner: undefined });
  // No run keeps a place in the order once its calls are done: nothing grows with history.
  await waitFor(() => runsInFlight() === 0, 'no run left in flight', 2000);
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function failureCount(api: string): number {
  return getLegacyFailures()
    .filter((failure) => failure.api === api)
    .reduce((sum, failure) => sum + failure.count, 0);
}

describe('calls on one run are delivered in call order', () => {
  it('bridge calls whose run lookups (resolveRunContext) finish in reverse order', async () => {
    const ctx = freshRun();
    const alice = await harness.client(ctx.userId);
    const latencies = [30, 5, 1]; // a database lookup: the first call is the slowest
    let lookups = 0;
    configureLegacyCompat({
      resolveRunContext: async (runId) => {
        if (runId !== ctx.runId) return undefined;
        await sleep(latencies[lookups++] ?? 0);
        return { userId: ctx.userId, threadId: ctx.threadId };
      },
    });
    const bridge = new AgentWebSocketBridge(); // the process-wide bridge: no context of its own
    expect(
      await Promise.all([
        bridge.notifyAgentStarted(ctx.runId, 'planner', { context: { query: 'x' } }),
        bridge.notifyAgentThinking(ctx.runId, 'planner', 'first'),
        bridge.notifyAgentThinking(ctx.runId, 'planner', 'second'),
      ]),
    ).toEqual([true, true, true]);
    await waitFor(() => alice.events.length >= 3, 'three events');
    await settle();
    expect(alice.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'planner', context: { query: 'x' } }],
      ['agent_thinking', { agentName: 'planner', reasoning: 'first' }],
      ['agent_thinking', { agentName: 'planner', reasoning: 'second' }],
    ]);
    expect(alice.events.map((event) => event.seq)).toEqual([1, 2, 3]);
  });

  it('a bridge start called first is not overtaken by a manager event called right after it', async () => {
    const ctx = freshRun();
    const alice = await harness.client(ctx.userId);
    const bridge = new AgentWebSocketBridge({ userContext: ctx });
    const manager = await createWebSocketManager(ctx);
    const started = bridge.notifyAgentStarted(ctx.runId, 'triage', { context: { query: 'x' } });
    const thinking = manager.emitCriticalEvent(ctx.userId, 'agent_thinking', { agent_name: 'triage', reasoning: 'step 1' });
    await Promise.all([started, thinking]);
    await waitFor(() => alice.events.length >= 2, 'two events');
    await settle();
    expect(alice.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'triage', context: { query: 'x' } }],
      ['agent_thinking', { agentName: 'triage', reasoning: 'step 1' }],
    ]);
  });

  it('a manager start called first is not overtaken by a bridge event called right after it', async () => {
    const ctx = freshRun();
    const alice = await harness.client(ctx.userId);
    const bridge = new AgentWebSocketBridge({ userContext: ctx });
    const manager = await createWebSocketManager(ctx);
    const started = manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'triage', message: 'hello' });
    const thinking = bridge.notifyAgentThinking(ctx.runId, 'triage', 'step 1');
    await Promise.all([started, thinking]);
    await waitFor(() => alice.events.length >= 2, 'two events');
    await settle();
    expect(alice.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'triage', message: 'hello' }],
      ['agent_thinking', { agentName: 'triage', reasoning: 'step 1' }],
    ]);
  });

  it("a {userId} fallback manager's start, which looks its run up first, is not overtaken by a bridge event on that run", async () => {
    const ctx = freshRun();
    const alice = await harness.client(ctx.userId);
    const manager = await createWebSocketManager({ userId: ctx.userId } as never);
    const fallback = { userId: ctx.userId, threadId: `thread_${ctx.userId}`, runId: `run_${ctx.userId}` };
    const bridge = new AgentWebSocketBridge({ userContext: fallback });
    const started = manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'a', message: 'hello' });
    const thinking = bridge.notifyAgentThinking(fallback.runId, 'a', 'step 1');
    await Promise.all([started, thinking]);
    await waitFor(() => alice.events.length >= 2, 'two events');
    await settle();
    expect(alice.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'a', message: 'hello' }],
      ['agent_thinking', { agentName: 'a', reasoning: 'step 1' }],
    ]);
  });

  // The full mix: every legacy path that carries run events, in one Promise.all.
  it('eleven calls across every legacy path on one run arrive in call order', async () => {
    const ctx = freshRun();
    const alice = await harness.client(ctx.userId);
    const exec = { ...ctx, agentName: 'a' };
    const bridge = new AgentWebSocketBridge({ userContext: ctx });
    const adapter = new AgentWebSocketBridgeAdapter();
    adapter.setWebSocketBridge(new AgentWebSocketBridge({ userContext: ctx }), ctx.runId, 'a');
    const manager = await createWebSocketManager(ctx);
    const transparent = await createTransparentEmitter(ctx);
    await Promise.all([
      manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'a', message: 'go' }),
      bridge.notifyAgentThinking(ctx.runId, 'a', 't1-bridge'),
      new WebSocketNotifier(undefined, exec).sendAgentThinking(exec, 't2-notifier'),
      adapter.emitThinking('t3-adapter'),
      emitWebSocketEvent(ctx, 'agent_thinking', { thought: 't4-data' }),
      notifyPhaseStart({ name: 'phase1' }, ctx),
      createAgentBridgeAdapter(bridge, ctx).notifyAgentThinking(ctx.runId, 'a', 't5-standard'),
      new UnifiedWebSocketEmitter(null, { context: ctx }).notifyAgentThinking({ agentName: 'a', reasoning: 't6-emitter' }),
      transparent.notifyAgentThinking({ agentName: 'a', reasoning: 't7-transparent' }),
      notifyPhaseComplete({ name: 'phase1' }, ctx, 'ok'),
      manager.emitCriticalEvent(ctx.userId, 'agent_thinking', { agent_name: 'a', reasoning: 't8-manager' }),
    ]);
    await waitFor(() => alice.events.length >= 11, 'eleven events');
    await settle();
    const label = (payload: Record<string, unknown>) => payload['reasoning'] ?? payload['toolName'] ?? payload['message'];
    expect(alice.events.map((event) => `${event.seq} ${event.type} ${String(label(event.payload as Record<string, unknown>))}`)).toEqual([
      '1 agent_started go',
      '2 agent_thinking t1-bridge',
      '3 agent_thinking t2-notifier',
      '4 agent_thinking t3-adapter',
      '5 agent_thinking t4-data',
      '6 tool_executing phase1',
      '7 agent_thinking t5-standard',
      '8 agent_thinking t6-emitter',
      '9 agent_thinking t7-transparent',
      '10 tool_completed phase1',
      '11 agent_thinking t8-manager',
    ]);
  });

  it('a standard bridge start called first is not overtaken by a bridge event called right after it', async () => {
    const ctx = freshRun();
    const alice = await harness.client(ctx.userId);
    const bridge = new AgentWebSocketBridge({ userContext: ctx });
    const standard = createAgentBridgeAdapter(bridge, ctx);
    const started = standard.notifyAgentStarted(ctx.runId, 'triage', { query: 'x' });
    const thinking = bridge.notifyAgentThinking(ctx.runId, 'triage', 'step 1');
    expect(await Promise.all([started, thinking])).toEqual([true, true]);
    await waitFor(() => alice.events.length >= 2, 'two events');
    await settle();
    expect(alice.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'triage', context: { query: 'x' } }],
      ['agent_thinking', { agentName: 'triage', reasoning: 'step 1' }],
    ]);
  });

  it('a sendToThread waiting for resolveThreadOwner keeps its place before a later event of the run', async () => {
    const ctx = freshRun();
    const alice = await harness.client(ctx.userId);
    configureLegacyCompat({
      resolveThreadOwner: async (threadId) => {
        await sleep(30);
        return threadId === ctx.threadId ? ctx.userId : undefined;
      },
    });
    const manager = await createWebSocketManager(ctx);
    const thread = new WebSocketManager().sendToThread(ctx.threadId, {
      type: 'tool_executing',
      run_id: ctx.runId,
      agent_name: 'triage',
      payload: { tool_name: 'search' },
    });
    const completed = manager.emitCriticalEvent(ctx.userId, 'tool_completed', { agent_name: 'triage', tool_name: 'search', result: 3 });
    expect(await thread).toBe(true);
    await completed;
    await waitFor(() => alice.events.length >= 3, 'start, call and completion');
    await settle();
    const [, executing, done] = alice.events;
    expect(alice.events.map((event) => event.type)).toEqual(['agent_started', 'tool_executing', 'tool_completed']);
    // One call, announced by the thread message and completed by the manager: not two.
    expect(done?.payload).toMatchObject({ toolName: 'search', result: 3 });
    expect(executing?.payload).toMatchObject({ toolName: 'search' });
    expect((done?.payload as { toolCallId: string }).toolCallId).toBe((executing?.payload as { toolCallId: string }).toolCallId);
  });

  it('a call that cannot be placed gives its place up: later calls on the run still go out, in order', async () => {
    const ctx = freshRun();
    const alice = await harness.client(ctx.userId);
    let lookups = 0;
    configureLegacyCompat({
      resolveRunContext: async () => {
        const lookup = ++lookups;
        await sleep(lookup === 1 ? 20 : 1);
        if (lookup === 1) throw new Error('database down');
        return { userId: ctx.userId, threadId: ctx.threadId };
      },
    });
    const before = failureCount('AgentWebSocketBridge.notifyAgentThinking');
    const bridge = new AgentWebSocketBridge();
    expect(
      await Promise.all([
        bridge.notifyAgentThinking(ctx.runId, 'planner', 'lost'),
        bridge.notifyAgentThinking(ctx.runId, 'planner', 'kept 1'),
        bridge.notifyAgentThinking(ctx.runId, 'planner', 'kept 2'),
      ]),
    ).toEqual([false, true, true]);
    expect(failureCount('AgentWebSocketBridge.notifyAgentThinking')).toBe(before + 1);
    await waitFor(() => alice.events.length >= 3, 'start and two thoughts');
    await settle();
    expect(alice.events.map((event) => event.payload['reasoning' as never])).toEqual([undefined, 'kept 1', 'kept 2']);
  });
});

describe('a lookup hook that makes a legacy call on the run it is asked about', () => {
  function failures(reason: string): number {
    return getLegacyFailures()
      .filter((failure) => failure.reason === reason)
      .reduce((sum, failure) => sum + failure.count, 0);
  }

  it('resolveRunContext: the hook\'s call fails at once (the two would wait for each other), the outer call goes out', async () => {
    const ctx = freshRun();
    const alice = await harness.client(ctx.userId);
    const bridge = new AgentWebSocketBridge();
    let fromHook: Promise<boolean> | undefined;
    configureLegacyCompat({
      resolveRunContext: async (runId) => {
        fromHook = bridge.notifyAgentThinking(runId, 'planner', 'from the hook');
        await fromHook;
        return { userId: ctx.userId, threadId: ctx.threadId };
      },
    });
    const before = failures('hook_reentry');
    expect(await bridge.notifyAgentStarted(ctx.runId, 'planner')).toBe(true);
    expect(await fromHook).toBe(false);
    expect(failures('hook_reentry')).toBe(before + 1);
    // The run goes on, and later calls (no hook any more) are delivered as usual.
    expect(await bridge.notifyAgentThinking(ctx.runId, 'planner', 'after')).toBe(true);
    await waitFor(() => alice.events.length === 2, 'the start and the later thought');
    expect(alice.events.map((event) => event.type)).toEqual(['agent_started', 'agent_thinking']);
  });

  it('resolveThreadOwner: the same, for a sendToThread whose message names the run', async () => {
    const ctx = freshRun();
    const alice = await harness.client(ctx.userId);
    const manager = new WebSocketManager();
    let fromHook: Promise<boolean> | undefined;
    configureLegacyCompat({
      resolveThreadOwner: async () => {
        fromHook = manager.sendToThread(ctx.threadId, { type: 'agent_thinking', run_id: ctx.runId, reasoning: 'from the hook' });
        await fromHook;
        return ctx.userId;
      },
    });
    const before = failures('hook_reentry');
    expect(await manager.sendToThread(ctx.threadId, { type: 'agent_started', run_id: ctx.runId, agent_name: 'planner' })).toBe(true);
    expect(await fromHook).toBe(false);
    expect(failures('hook_reentry')).toBe(before + 1);
    await waitFor(() => alice.events.length === 1, 'the outer start');
    expect(alice.events[0]?.type).toBe('agent_started');
  });

  it('a call on another run from the hook is no re-entry: it is delivered', async () => {
    const [ctx, other] = [freshRun(), freshRun()];
    const alice = await harness.client(ctx.userId);
    const bridge = new AgentWebSocketBridge();
    let fromHook: Promise<boolean> | undefined;
    configureLegacyCompat({
      resolveRunContext: async (runId) => {
        if (runId === other.runId) return { userId: other.userId, threadId: other.threadId };
        fromHook = bridge.notifyAgentStarted(other.runId, 'auditor');
        await fromHook;
        return { userId: ctx.userId, threadId: ctx.threadId };
      },
    });
    expect(await bridge.notifyAgentStarted(ctx.runId, 'planner')).toBe(true);
    expect(await fromHook).toBe(true);
    await waitFor(() => alice.events.length === 1, 'the outer start');
  });
});

describe('unrelated runs do not wait for each other', () => {
  it("a run whose lookup hangs holds up its own later calls only, not another run's", async () => {
    const [slow, fast] = [freshRun(), freshRun()];
    const alice = await harness.client(slow.userId);
    const bob = await harness.client(fast.userId);
    let answer: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    configureLegacyCompat({
      resolveRunContext: async (runId) => {
        if (runId === slow.runId) {
          await held;
          return { userId: slow.userId, threadId: slow.threadId };
        }
        return runId === fast.runId ? { userId: fast.userId, threadId: fast.threadId } : undefined;
      },
    });
    const bridge = new AgentWebSocketBridge();
    const slowStart = bridge.notifyAgentStarted(slow.runId, 'planner');
    // The same run's next call is known at once (a context names it), yet waits for the start.
    const slowThinking = (await createWebSocketManager(slow)).emitCriticalEvent(slow.userId, 'agent_thinking', { reasoning: 'after' });
    expect(await bridge.notifyAgentStarted(fast.runId, 'planner')).toBe(true);
    await waitFor(() => bob.events.length === 1, "bob's start while alice's run waits");
    await settle(50);
    expect(alice.events).toEqual([]);
    answer?.();
    await Promise.all([slowStart, slowThinking]);
    await waitFor(() => alice.events.length >= 2, "alice's run");
    expect(alice.events.map((event) => event.type)).toEqual(['agent_started', 'agent_thinking']);
  });
});
