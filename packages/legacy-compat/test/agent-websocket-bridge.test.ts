import { describe, expect, it } from 'vitest';
import {
  AgentWebSocketBridge,
  WebSocketNotifier,
  createAgentWebSocketBridge,
  getAgentWebSocketBridge,
} from '../src/agent-websocket-bridge.js';
import { LegacyDeliveryError, getLegacyFailures } from '../src/index.js';
import { UnifiedWebSocketEmitter } from '../src/unified-emitter.js';
import { createWebSocketManager } from '../src/websocket-manager-factory.js';
import { freshRun, types, useHarness, waitFor } from './support.js';

const harness = useHarness();

describe('AgentWebSocketBridge notifications', () => {
  it('deliver a whole run to the run user, in the bridge own (runId, toolName, {agentName}) order', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const bridge = new AgentWebSocketBridge({ userContext: ctx });
    expect(await bridge.notifyAgentStarted(ctx.runId, 'researcher', { context: { query: 'oslo' }, traceContext: { span: 'x' } })).toBe(true);
    expect(await bridge.notifyAgentThinking(ctx.runId, 'researcher', 'search first', { stepNumber: 1, progressPercentage: 10 })).toBe(true);
    expect(await bridge.notifyToolExecuting(ctx.runId, 'web_search', { agentName: 'researcher', parameters: { q: 'oslo', event_id: 'evt-1' } })).toBe(true);
    expect(await bridge.notifyToolCompleted(ctx.runId, 'web_search', { agentName: 'researcher', result: { hits: 3 }, executionTimeMs: 12 })).toBe(true);
    expect(await bridge.notifyProgressUpdate(ctx.runId, 'researcher', { percentage: 90, message: 'writing' })).toBe(true);
    expect(await bridge.notifyCustom(ctx.runId, 'researcher', 'sources_found', { count: 3 })).toBe(true);
    expect(await bridge.notifyAgentCompleted(ctx.runId, 'researcher', { result: 'cold', executionTimeMs: 40 })).toBe(true);
    await waitFor(() => client.events.length === 6 && client.userEvents.length === 1, 'the run');
    expect(client.events.map((event) => [event.seq, event.type, event.payload])).toEqual([
      [1, 'agent_started', { agentName: 'researcher', context: { query: 'oslo' } }],
      [2, 'agent_thinking', { agentName: 'researcher', reasoning: 'search first', stepNumber: 1, progress: 10 }],
      [3, 'tool_executing', { agentName: 'researcher', toolName: 'web_search', toolCallId: 'evt-1', parameters: { q: 'oslo', event_id: 'evt-1' } }],
      [4, 'tool_completed', { agentName: 'researcher', toolName: 'web_search', toolCallId: 'evt-1', result: { hits: 3 }, durationMs: 12 }],
      [5, 'agent_thinking', { agentName: 'researcher', reasoning: 'writing', progress: 90 }],
      [6, 'agent_completed', { agentName: 'researcher', status: 'succeeded', result: 'cold', durationMs: 40 }],
    ]);
    expect(client.userEvents[0]).toMatchObject({ type: 'sources_found', data: { agent_name: 'researcher', count: 3 } });
  });

  it('notifyAgentError and notifyAgentDeath end the run as failed', async () => {
    const [erring, dying] = [freshRun(), freshRun()];
    const client = await harness.client(erring.userId);
    const other = await harness.client(dying.userId);
    const bridge = new AgentWebSocketBridge();
    await bridge.notifyAgentStarted(erring.runId, 'a', { userContext: erring });
    expect(await bridge.notifyAgentError(erring.runId, 'a', 'tool crashed', { errorContext: { tool: 'x' } })).toBe(true);
    await bridge.notifyAgentStarted(dying.runId, 'b', { userContext: dying });
    expect(await bridge.notifyAgentDeath(dying.runId, 'b', 'out of memory')).toBe(true);
    await waitFor(() => client.events.length === 2 && other.events.length === 2, 'both runs ended');
    expect(client.events[1]!.payload).toEqual({ agentName: 'a', status: 'failed', error: 'tool crashed' });
    expect(other.events[1]!.payload).toEqual({ agentName: 'b', status: 'failed', error: 'agent died: out of memory' });
  });

  it('finds a run it was only given the id of, from any context the shim has seen', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    await createWebSocketManager(ctx); // some code path handled this run's context before
    const bridge = new AgentWebSocketBridge();
    expect(await bridge.notifyAgentThinking(ctx.runId, 'a', 'found it')).toBe(true);
    await waitFor(() => client.events.length === 2, 'start and thinking');
    expect(types(client.events)).toEqual(['agent_started', 'agent_thinking']);
  });

  it('refuses a run nobody knows: notifyAgentStarted rejects (legacy raised), the others answer false; all counted', async () => {
    const bridge = new AgentWebSocketBridge();
    await expect(bridge.notifyAgentStarted('run-nobody-knows', 'a')).rejects.toBeInstanceOf(LegacyDeliveryError);
    expect(await bridge.notifyToolExecuting('run-nobody-knows', 'x')).toBe(false);
    const counted = getLegacyFailures().filter((failure) => failure.reason === 'no_run_context');
    expect(counted.map((failure) => failure.api)).toEqual(
      expect.arrayContaining(['AgentWebSocketBridge.notifyAgentStarted', 'AgentWebSocketBridge.notifyToolExecuting']),
    );
  });

  it('emitAgentEvent and emitEvent deliver and now report it', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const bridge = createAgentWebSocketBridge({ userContext: ctx });
    expect(await bridge.emitAgentEvent('agent_started', { status: 'started' }, { runId: ctx.runId, agentName: 'a' })).toBe(true);
    expect(await bridge.emitEvent(ctx, 'agent_thinking', { reasoning: 'shape D' })).toBe(true);
    expect(await bridge.emitEvent(ctx, 'thread_touched', { at: 1 })).toBe(true);
    await waitFor(() => client.events.length === 2 && client.userEvents.length === 1, 'two events and a message');
    expect(client.events.map((event) => event.payload)).toEqual([{ agentName: 'a' }, { agentName: 'a', reasoning: 'shape D' }]);
    expect(client.userEvents[0]).toMatchObject({ type: 'thread_touched', data: { at: 1 } });
  });

  it('builds user emitters, scoped emitters and notifiers', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const bridge = new AgentWebSocketBridge({ userContext: ctx });
    const emitter = await bridge.createUserEmitter();
    expect(emitter).toBeInstanceOf(UnifiedWebSocketEmitter);
    await emitter.notifyAgentStarted('a');
    const fromIds = await AgentWebSocketBridge.createUserEmitterFromIds(ctx.userId, ctx.threadId, ctx.runId, 'conn-1');
    await fromIds.notifyAgentThinking({ reasoning: 'from ids' });
    for await (const scoped of AgentWebSocketBridge.createScopedEmitter(ctx)) {
      await scoped.notifyAgentCompleted('a');
    }
    await waitFor(() => client.events.length === 3, 'the run');
    expect(client.events.every((event) => event.runId === ctx.runId)).toBe(true);

    // As in legacy, ids that name no run are refused: the shim never invents a run.
    await expect(bridge.createUserEmitter({ userId: ctx.userId, threadId: 'thread-new' })).rejects.toThrow(/runId/);
    await expect(new AgentWebSocketBridge().createUserEmitter({ userId: ctx.userId, threadId: ctx.threadId })).rejects.toThrow(TypeError);

    expect(AgentWebSocketBridge.createWebSocketNotifier(emitter, ctx)).toBeInstanceOf(WebSocketNotifier);
    expect(() => AgentWebSocketBridge.createWebSocketNotifier(emitter, { userId: 'u' })).toThrow(TypeError);
    expect(AgentWebSocketBridge.WebSocketNotifier).toBe(WebSocketNotifier);
  });

  it('websocketManager: needs sendToThread, and its context completes the bridge', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const manager = await createWebSocketManager(ctx);
    const bridge = createAgentWebSocketBridge({ websocketManager: manager });
    expect(bridge.websocketManager).toBe(manager);
    expect(bridge.userContext).toBeUndefined(); // never the invented "websocket-compat-user"
    expect(() => (bridge.websocketManager = {} as never)).toThrow(TypeError);
    expect(await bridge.notifyAgentStarted('run-of-the-manager-user', 'a')).toBe(true);
    await waitFor(() => client.events.length === 1, 'the start');
    expect(client.events[0]).toMatchObject({ userId: ctx.userId, threadId: ctx.threadId, runId: 'run-of-the-manager-user' });
  });

  it('getAgentWebSocketBridge, removed from legacy but still imported, is createAgentWebSocketBridge', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const bridge = getAgentWebSocketBridge({ userContext: ctx });
    expect(bridge).toBeInstanceOf(AgentWebSocketBridge);
    await bridge.notifyAgentStarted(ctx.runId, 'late-importer');
    await waitFor(() => client.events.length === 1, 'the start');
    expect(client.events[0]).toMatchObject({ type: 'agent_started', runId: ctx.runId, payload: { agentName: 'late-importer' } });
  });
});

describe('WebSocketNotifier', () => {
  it('delivers every send_* to the run of the execution context and answers true', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const exec = { ...ctx, agentName: 'notifier-agent' };
    const notifier = WebSocketNotifier.createForUser(undefined, exec);
    expect(await notifier.sendAgentStarted(exec)).toBe(true);
    expect(await notifier.sendAgentThinking(exec, 'considering')).toBe(true);
    expect(await notifier.sendToolExecuting(exec, 'calc', { toolPurpose: 'sum', estimatedDurationMs: 5, parametersSummary: '1+1' })).toBe(true);
    expect(await notifier.sendToolCompleted(exec, 'calc', 2)).toBe(true);
    expect(await notifier.sendAgentCompleted(exec, { answer: 2 }, 9)).toBe(true);
    await waitFor(() => client.events.length === 5, 'the run');
    expect(client.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'notifier-agent' }],
      ['agent_thinking', { agentName: 'notifier-agent', reasoning: 'considering' }],
      ['tool_executing', { agentName: 'notifier-agent', toolName: 'calc', toolCallId: expect.any(String), parameters: { purpose: 'sum', estimatedDurationMs: 5, summary: '1+1' } }],
      ['tool_completed', { agentName: 'notifier-agent', toolName: 'calc', toolCallId: expect.any(String), result: 2 }],
      ['agent_completed', { agentName: 'notifier-agent', status: 'succeeded', result: { answer: 2 }, durationMs: 9 }],
    ]);
  });

  it('takes the run from its emitter when the execution context names none, and answers false (counted) when nothing does', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const notifier = new WebSocketNotifier(new UnifiedWebSocketEmitter(null, { context: ctx }), { agentName: 'a' } as never);
    expect(await notifier.sendAgentStarted({} as never, 'a')).toBe(true);
    await waitFor(() => client.events.length === 1, 'the start');
    expect(client.events[0]).toMatchObject({ runId: ctx.runId });
    const orphan = new WebSocketNotifier(undefined, {} as never);
    expect(await orphan.sendAgentThinking({} as never, 'lost?')).toBe(false);
    expect(getLegacyFailures().some((failure) => failure.api === 'WebSocketNotifier.sendAgentThinking')).toBe(true);
  });
});
