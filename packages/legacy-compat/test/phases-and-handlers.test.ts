import { describe, expect, it } from 'vitest';
import { AuthHandler } from '../src/auth.js';
import { notifyPhaseComplete, notifyPhaseError, notifyPhaseStart } from '../src/executor.js';
import { ErrorHandler } from '../src/handlers.js';
import { getLegacyFailures, getLegacyUsage } from '../src/index.js';
import { emitWebSocketEvent } from '../src/unified-data-agent.js';
import { createWebSocketManager } from '../src/websocket-manager-factory.js';
import { freshRun, settle, useHarness, waitFor } from './support.js';

const harness = useHarness();

describe('the data agent (emitWebSocketEvent)', () => {
  it('delivers all five events to the context run, reading thought/args, and not the request id as run id', async () => {
    const ctx = { ...freshRun(), requestId: 'req-not-a-run' };
    const client = await harness.client(ctx.userId);
    const context = { ...ctx, websocketManager: await createWebSocketManager(ctx) };
    const agent = 'unified_data_agent';
    await emitWebSocketEvent(context, 'agent_started', { agent_name: agent });
    await emitWebSocketEvent(context, 'agent_thinking', { agent_name: agent, thought: 'Profiling the data set' });
    await emitWebSocketEvent(context, 'tool_executing', { agent_name: agent, tool_name: 'profile_rows', args: { count: 3 } });
    await emitWebSocketEvent(context, 'tool_completed', { agent_name: agent, tool_name: 'profile_rows', result: { rows: 3 } });
    await emitWebSocketEvent(context, 'agent_completed', { agent_name: agent, result: { rows: 3 } });
    await waitFor(() => client.events.length === 5, 'the run');
    expect(client.events.every((event) => event.runId === ctx.runId)).toBe(true);
    expect(client.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: agent }],
      ['agent_thinking', { agentName: agent, reasoning: 'Profiling the data set' }],
      ['tool_executing', { agentName: agent, toolName: 'profile_rows', toolCallId: expect.any(String), parameters: { count: 3 } }],
      ['tool_completed', { agentName: agent, toolName: 'profile_rows', toolCallId: expect.any(String), result: { rows: 3 } }],
      ['agent_completed', { agentName: agent, status: 'succeeded', result: { rows: 3 } }],
    ]);
  });

  it('falls back to the request id only for a context without a run id, and swallows (counts) what it cannot send', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    await emitWebSocketEvent({ userId: ctx.userId, threadId: ctx.threadId, requestId: 'req-as-run' }, 'agent_started', { agent_name: 'a' });
    await waitFor(() => client.events.length === 1, 'the start');
    expect(client.events[0]!.runId).toBe('req-as-run');
    await expect(emitWebSocketEvent({}, 'agent_started', {})).resolves.toBeUndefined();
    expect(getLegacyFailures().find((failure) => failure.api === 'emitWebSocketEvent')).toMatchObject({ reason: 'no_run_context' });
  });
});

describe('the executor phases', () => {
  it('announce each phase as a tool call of the run; a failed phase completes with its error and the run goes on', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    // The executor context carries only the run id and the manager (of the run's user).
    const context = { runId: ctx.runId, agentName: 'pipeline', websocketManager: await createWebSocketManager(ctx) };
    await notifyPhaseStart({ name: 'extract', dependencies: [] }, context);
    await notifyPhaseComplete({ name: 'extract' }, context, { rows: 10 });
    await notifyPhaseStart({ name: 'enrich', parallel: true }, context);
    await notifyPhaseError({ name: 'enrich' }, context, new Error('rate limited'));
    await notifyPhaseStart({ name: 'load', dependencies: ['extract'] }, context);
    await notifyPhaseComplete({ name: 'load' }, context);
    await waitFor(() => client.events.length === 7, 'the phases');
    expect(client.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'pipeline' }],
      ['tool_executing', { agentName: 'pipeline', toolName: 'extract', toolCallId: expect.any(String), parameters: { phase: 'extract', dependencies: [] } }],
      ['tool_completed', { agentName: 'pipeline', toolName: 'extract', toolCallId: expect.any(String), result: { rows: 10 } }],
      ['tool_executing', { agentName: 'pipeline', toolName: 'enrich', toolCallId: expect.any(String), parameters: { phase: 'enrich', parallel: true } }],
      ['tool_completed', { agentName: 'pipeline', toolName: 'enrich', toolCallId: expect.any(String), error: 'rate limited' }],
      ['tool_executing', { agentName: 'pipeline', toolName: 'load', toolCallId: expect.any(String), parameters: { phase: 'load', dependencies: ['extract'] } }],
      ['tool_completed', { agentName: 'pipeline', toolName: 'load', toolCallId: expect.any(String) }],
    ]);
  });
});

describe('the two broadcast() handlers', () => {
  it('stay no-ops, as in legacy: nobody receives anything, and each call is counted', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const errors = new ErrorHandler();
    await errors.broadcast('error', { user_id: ctx.userId, message: 'boom' });
    await errors.handleError(new Error('boom'), { user_id: ctx.userId });
    await new AuthHandler().broadcast('auth_failed', { user_id: ctx.userId });
    await settle();
    expect(client.events).toEqual([]);
    expect(client.userEvents).toEqual([]);
    expect(getLegacyUsage()).toMatchObject({ 'ErrorHandler.broadcast': 1, 'ErrorHandler.handleError': 1, 'AuthHandler.broadcast': 1 });
  });
});
