import { describe, expect, it } from 'vitest';
import { AgentWebSocketBridge, WebSocketNotifier } from '../src/agent-websocket-bridge.js';
import { getLegacyFailures } from '../src/index.js';
import { UnifiedWebSocketEmitter } from '../src/unified-emitter.js';
import { WebSocketManager } from '../src/websocket-manager.js';
import { createWebSocketManager } from '../src/websocket-manager-factory.js';
import { freshRun, settle, types, useHarness, waitFor, wire } from './support.js';

/**
 * What counts as "the same logical event" when several legacy paths announce a run, and how
 * the shim repairs the lifecycle mistakes legacy callers make. Every check reads the wire
 * through a plain socket.io client, so a duplicate could not hide.
 */
const harness = useHarness();

function paths(ctx: ReturnType<typeof freshRun>) {
  const exec = { ...ctx, agentName: 'researcher' };
  return {
    bridge: new AgentWebSocketBridge({ userContext: ctx }),
    notifier: new WebSocketNotifier(undefined, exec),
    emitter: new UnifiedWebSocketEmitter(null, { context: ctx }),
    exec,
  };
}

describe('two legacy paths announcing the same run deliver each logical event once', () => {
  it('bridge and notifier both announce start, thinking, tool call and completion: five events, not ten', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const { bridge, notifier, exec } = paths(ctx);
    await bridge.notifyAgentStarted(ctx.runId, 'researcher');
    expect(await notifier.sendAgentStarted(exec, 'researcher')).toBe(true);
    await bridge.notifyAgentThinking(ctx.runId, 'researcher', 'checking the forecast');
    await notifier.sendAgentThinking(exec, 'checking the forecast');
    await bridge.notifyToolExecuting(ctx.runId, 'weather', { agentName: 'researcher' });
    await notifier.sendToolExecuting(exec, 'weather');
    await bridge.notifyToolCompleted(ctx.runId, 'weather', { agentName: 'researcher', result: { celsius: -3 } });
    await notifier.sendToolCompleted(exec, 'weather', { celsius: -3 });
    await bridge.notifyAgentCompleted(ctx.runId, 'researcher', { result: 'cold' });
    expect(await notifier.sendAgentCompleted(exec, 'cold')).toBe(true);
    await waitFor(() => client.events.length >= 5, 'the run');
    await settle();
    expect(types(client.events)).toEqual(['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed']);
    expect(harness.server.metrics().deduplicated).toBeGreaterThanOrEqual(5);
  });

  it('concurrent announcements from two paths still deliver once', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const { bridge, notifier, emitter, exec } = paths(ctx);
    const answers = await Promise.all([
      bridge.notifyAgentStarted(ctx.runId, 'researcher'),
      notifier.sendAgentStarted(exec, 'researcher'),
      emitter.notifyAgentStarted('researcher'),
    ]);
    expect(answers).toEqual([true, true, true]);
    await waitFor(() => client.events.length >= 1, 'the start');
    await settle();
    expect(types(client.events)).toEqual(['agent_started']);
  });

  it('repeated calls of one tool, mirrored by a second path, are two calls, not four', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const { bridge, emitter } = paths(ctx);
    await bridge.notifyAgentStarted(ctx.runId, 'researcher');
    for (const page of [1, 2]) {
      await bridge.notifyToolExecuting(ctx.runId, 'search', { agentName: 'researcher', parameters: { page } });
      await emitter.notifyToolExecuting('search', { metadata: { parameters: { page } } });
      await bridge.notifyToolCompleted(ctx.runId, 'search', { agentName: 'researcher', result: page });
      await emitter.notifyToolCompleted('search', { metadata: { result: page } });
    }
    await waitFor(() => client.events.length >= 5, 'the calls');
    await settle();
    expect(wire(client.events).slice(1)).toEqual([
      { type: 'tool_executing', seq: 2, payload: { agentName: 'researcher', toolName: 'search', toolCallId: 'call#1', parameters: { page: 1 } } },
      { type: 'tool_completed', seq: 3, payload: { agentName: 'researcher', toolName: 'search', toolCallId: 'call#1', result: 1 } },
      { type: 'tool_executing', seq: 4, payload: { agentName: 'researcher', toolName: 'search', toolCallId: 'call#2', parameters: { page: 2 } } },
      { type: 'tool_completed', seq: 5, payload: { agentName: 'researcher', toolName: 'search', toolCallId: 'call#2', result: 2 } },
    ]);
  });
});

describe('what stays two events', () => {
  it('one path saying the same thing twice, and two paths saying different things', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const { bridge, emitter } = paths(ctx);
    await emitter.notifyAgentStarted('researcher');
    await emitter.notifyAgentThinking({ reasoning: 'still working' });
    await emitter.notifyAgentThinking({ reasoning: 'still working' });
    await bridge.notifyAgentThinking(ctx.runId, 'researcher', 'still working'); // the bridge's first: same as the emitter's first
    await bridge.notifyAgentThinking(ctx.runId, 'researcher', 'a different thought');
    await waitFor(() => client.events.length >= 4, 'the thoughts');
    await settle();
    expect(client.events.map((event) => (event.type === 'agent_thinking' ? event.payload.reasoning : event.type))).toEqual([
      'agent_started',
      'still working',
      'still working',
      'a different thought',
    ]);
  });

  it('a fresh manager per call is one path: its repeated message is delivered each time', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    await (await createWebSocketManager(ctx)).emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'a' });
    for (let i = 0; i < 3; i++) {
      await (await createWebSocketManager(ctx)).emitCriticalEvent(ctx.userId, 'agent_thinking', { reasoning: 'tick' });
    }
    await waitFor(() => client.events.length === 4, 'three ticks');
  });
});

describe('legacy lifecycle mistakes, repaired', () => {
  it('an event before agent_started starts the run first, in the same frame', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    await new UnifiedWebSocketEmitter(null, { context: ctx }).notifyAgentThinking({ agentName: 'eager', reasoning: 'no start yet' });
    await waitFor(() => client.events.length === 2, 'start and thinking');
    expect(client.frames).toBe(1);
    expect(client.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'eager' }],
      ['agent_thinking', { agentName: 'eager', reasoning: 'no start yet' }],
    ]);
  });

  it('a completion nobody announced is announced first, so the client sees a whole tool call', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = new UnifiedWebSocketEmitter(null, { context: ctx });
    await emitter.notifyAgentStarted('a');
    await emitter.notifyToolCompleted('lookup', { metadata: { result: 'x' } });
    await waitFor(() => client.events.length === 3, 'the call');
    expect(wire(client.events).slice(1)).toEqual([
      { type: 'tool_executing', seq: 2, payload: { agentName: 'a', toolName: 'lookup', toolCallId: 'call#1' } },
      { type: 'tool_completed', seq: 3, payload: { agentName: 'a', toolName: 'lookup', toolCallId: 'call#1', result: 'x' } },
    ]);
  });

  it('pairs parallel calls of one tool first-in first-out', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const manager = new WebSocketManager({ userContext: ctx });
    await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'a' });
    await manager.emitCriticalEvent(ctx.userId, 'tool_executing', { tool_name: 'fetch', parameters: { url: 'one' } });
    await manager.emitCriticalEvent(ctx.userId, 'tool_executing', { tool_name: 'fetch', parameters: { url: 'two' } });
    await manager.emitCriticalEvent(ctx.userId, 'tool_completed', { tool_name: 'fetch', result: 'first done' });
    await manager.emitCriticalEvent(ctx.userId, 'tool_completed', { tool_name: 'fetch', result: 'second done' });
    await waitFor(() => client.events.length === 5, 'both calls');
    expect(wire(client.events).slice(3).map((event) => [event.payload])).toEqual([
      [{ agentName: 'a', toolName: 'fetch', toolCallId: 'call#1', result: 'first done' }],
      [{ agentName: 'a', toolName: 'fetch', toolCallId: 'call#2', result: 'second done' }],
    ]);
  });

  it('agent_completed with tools left open completes them first (with an error when the agent failed)', async () => {
    const [succeeded, failed] = [freshRun(), freshRun()];
    const ok = await harness.client(succeeded.userId);
    const ko = await harness.client(failed.userId);
    for (const [ctx, status] of [[succeeded, 'completed'], [failed, 'failed']] as const) {
      const manager = new WebSocketManager({ userContext: ctx });
      await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'a' });
      await manager.emitCriticalEvent(ctx.userId, 'tool_executing', { tool_name: 'slow' });
      await manager.emitCriticalEvent(ctx.userId, 'agent_completed', { agent_name: 'a', status });
    }
    await waitFor(() => ok.events.length === 4 && ko.events.length === 4, 'both runs');
    expect(wire(ok.events).slice(2)).toEqual([
      { type: 'tool_completed', seq: 3, payload: { agentName: 'a', toolName: 'slow', toolCallId: 'call#1' } },
      { type: 'agent_completed', seq: 4, payload: { agentName: 'a', status: 'succeeded' } },
    ]);
    expect(wire(ko.events).slice(2)).toEqual([
      {
        type: 'tool_completed',
        seq: 3,
        payload: { agentName: 'a', toolName: 'slow', toolCallId: 'call#1', error: 'the agent ended (failed) before this tool completed' },
      },
      { type: 'agent_completed', seq: 4, payload: { agentName: 'a', status: 'failed' } },
    ]);
  });

  it('after the run ended, a repeat of the ending from another path is a quiet no-op, while a new event is refused and counted', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const { bridge, emitter } = paths(ctx);
    await bridge.notifyAgentStarted(ctx.runId, 'researcher');
    await bridge.notifyAgentError(ctx.runId, 'researcher', 'gave up');
    expect(await emitter.notifyAgentCompleted('researcher')).toBe(true);
    expect(await emitter.notifyAgentThinking({ reasoning: 'too late' })).toBe(false);
    await settle();
    expect(types(client.events)).toEqual(['agent_started', 'agent_completed']);
    expect(client.events[1]!.payload).toMatchObject({ status: 'failed', error: 'gave up' });
    expect(getLegacyFailures().find((failure) => failure.api === 'UnifiedWebSocketEmitter.notifyAgentThinking')).toMatchObject({
      reason: 'run_closed',
    });
  });

  it('a run started through the canonical API is not started twice by legacy code', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    await harness.server.forRun(ctx).agentStarted({ agentName: 'canonical' });
    expect(await new UnifiedWebSocketEmitter(null, { context: ctx }).notifyAgentThinking({ reasoning: 'legacy joins in' })).toBe(true);
    await waitFor(() => client.events.length === 2, 'both');
    expect(client.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'canonical' }],
      ['agent_thinking', { agentName: 'agent', reasoning: 'legacy joins in' }],
    ]);
  });

  it('a caller type field never overwrites the event type, nor can it move the event to another user', async () => {
    const ctx = freshRun();
    const other = freshRun();
    const client = await harness.client(ctx.userId);
    const bystander = await harness.client(other.userId);
    const manager = new WebSocketManager({ userContext: ctx });
    await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'a', type: 'something_else', user_id: other.userId });
    await manager.emitCriticalEvent(ctx.userId, 'agent_thinking', { type: 'reasoning', reasoning: 'typed', timestamp: 1 });
    await waitFor(() => client.events.length === 2, 'both');
    await settle();
    expect(types(client.events)).toEqual(['agent_started', 'agent_thinking']);
    expect(client.events[1]!.payload).toEqual({ agentName: 'a', reasoning: 'typed' });
    expect(bystander.events).toEqual([]);
  });
});
