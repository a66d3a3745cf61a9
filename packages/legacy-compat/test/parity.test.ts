import type { RunEmitter, RunRef } from '@unified-ws/emitter';
import { describe, expect, it } from 'vitest';
import { AgentWebSocketBridge, WebSocketNotifier } from '../src/agent-websocket-bridge.js';
import { notifyPhaseComplete, notifyPhaseStart } from '../src/executor.js';
import { createTransparentEmitter } from '../src/transparent-websocket-events.js';
import { emitWebSocketEvent } from '../src/unified-data-agent.js';
import { UnifiedWebSocketEmitter } from '../src/unified-emitter.js';
import { AgentWebSocketBridgeAdapter } from '../src/websocket-bridge-adapter.js';
import { createStandardWebSocketBridge } from '../src/websocket-bridge-factory.js';
import { createWebSocketManager } from '../src/websocket-manager-factory.js';
import { freshRun, settle, useHarness, waitFor, wire } from './support.js';

/**
 * Parity: the same run — an agent checks the weather with one tool call — driven through
 * each legacy path and through the canonical API yields the same wire events (type, seq,
 * payload; ids and timestamps aside). Each path says only what its legacy API can say,
 * and its canonical twin says exactly that.
 */
const harness = useHarness();

const AGENT = 'researcher';
const THOUGHT = 'Looking up the forecast';
const PARAMETERS = { city: 'Oslo' };
const RESULT = { celsius: -3 };
const ANSWER = 'Cold and clear';

/** The full run, as the canonical API says it. */
async function canonicalRun(run: RunEmitter, say: { stepNumber?: boolean; parameters?: boolean; toolDuration?: boolean; duration?: boolean } = {}) {
  await run.agentStarted({ agentName: AGENT });
  await run.agentThinking({ agentName: AGENT, reasoning: THOUGHT, ...(say.stepNumber === false ? {} : { stepNumber: 1 }) });
  const call = await run.toolExecuting({ agentName: AGENT, toolName: 'weather', ...(say.parameters === false ? {} : { parameters: PARAMETERS }) });
  await run.toolCompleted({
    agentName: AGENT,
    toolName: 'weather',
    toolCallId: call.payload.toolCallId,
    result: RESULT,
    ...(say.toolDuration === false ? {} : { durationMs: 12 }),
  });
  await run.agentCompleted({ agentName: AGENT, status: 'succeeded', result: ANSWER, ...(say.duration === false ? {} : { durationMs: 40 }) });
}

/** The same run as legacy data dicts (shape F, snake_case): what the manager, data agent and emitter paths take. */
const LEGACY_DATA = [
  ['agent_started', { agent_name: AGENT }],
  ['agent_thinking', { agent_name: AGENT, reasoning: THOUGHT, step_number: 1 }],
  ['tool_executing', { agent_name: AGENT, tool_name: 'weather', parameters: PARAMETERS }],
  ['tool_completed', { agent_name: AGENT, tool_name: 'weather', result: RESULT, execution_time_ms: 12 }],
  ['agent_completed', { agent_name: AGENT, status: 'completed', result: ANSWER, execution_time_ms: 40 }],
] as const;

interface Path {
  name: string;
  legacy: (ctx: RunRef) => Promise<void>;
  canonical: (run: RunEmitter) => Promise<void>;
}

const PATHS: Path[] = [
  {
    name: 'manager (emitCriticalEvent)',
    legacy: async (ctx) => {
      for (const [type, data] of LEGACY_DATA) await (await createWebSocketManager(ctx)).emitCriticalEvent(ctx.userId, type, { ...data });
    },
    canonical: (run) => canonicalRun(run),
  },
  {
    name: 'manager (sendToUser of typed messages)',
    legacy: async (ctx) => {
      const manager = await createWebSocketManager({ userContext: ctx });
      for (const [type, data] of LEGACY_DATA) await manager.sendToUser(ctx.userId, { type, ...data });
    },
    canonical: (run) => canonicalRun(run),
  },
  {
    name: 'UnifiedWebSocketEmitter (notify*)',
    legacy: async (ctx) => {
      const emitter = new UnifiedWebSocketEmitter(await createWebSocketManager(ctx), { context: ctx });
      await emitter.notifyAgentStarted(AGENT);
      await emitter.notifyAgentThinking({ agentName: AGENT, reasoning: THOUGHT, stepNumber: 1 });
      await emitter.notifyToolExecuting('weather', { metadata: { parameters: PARAMETERS } });
      await emitter.notifyToolCompleted('weather', { metadata: { result: RESULT, execution_time_ms: 12 } });
      await emitter.notifyAgentCompleted(AGENT, { result: ANSWER, executionTimeMs: 40 });
    },
    canonical: (run) => canonicalRun(run),
  },
  {
    name: 'AgentWebSocketBridge',
    legacy: async (ctx) => {
      const bridge = new AgentWebSocketBridge({ userContext: ctx });
      await bridge.notifyAgentStarted(ctx.runId, AGENT);
      await bridge.notifyAgentThinking(ctx.runId, AGENT, THOUGHT, { stepNumber: 1 });
      await bridge.notifyToolExecuting(ctx.runId, 'weather', { agentName: AGENT, parameters: PARAMETERS });
      await bridge.notifyToolCompleted(ctx.runId, 'weather', { agentName: AGENT, result: RESULT, executionTimeMs: 12 });
      await bridge.notifyAgentCompleted(ctx.runId, AGENT, { result: ANSWER, executionTimeMs: 40 });
    },
    canonical: (run) => canonicalRun(run),
  },
  {
    name: 'WebSocketNotifier',
    legacy: async (ctx) => {
      const exec = { ...ctx, agentName: AGENT };
      const notifier = WebSocketNotifier.createForUser(undefined, exec);
      await notifier.sendAgentStarted(exec, AGENT);
      await notifier.sendAgentThinking(exec, THOUGHT);
      await notifier.sendToolExecuting(exec, 'weather');
      await notifier.sendToolCompleted(exec, 'weather', RESULT);
      await notifier.sendAgentCompleted(exec, ANSWER, 40);
    },
    canonical: (run) => canonicalRun(run, { stepNumber: false, parameters: false, toolDuration: false }),
  },
  {
    name: 'agent adapter (WebSocketBridgeAdapter)',
    legacy: async (ctx) => {
      const agent = new AgentWebSocketBridgeAdapter();
      agent.setWebSocketBridge(new AgentWebSocketBridge({ userContext: ctx }), ctx.runId, AGENT);
      await agent.emitAgentStarted();
      await agent.emitThinking(THOUGHT, 1);
      await agent.emitToolExecuting('weather', PARAMETERS);
      await agent.emitToolCompleted('weather', RESULT);
      await agent.emitAgentCompleted(ANSWER);
    },
    canonical: (run) => canonicalRun(run, { toolDuration: false, duration: false }),
  },
  {
    name: 'StandardWebSocketBridge',
    legacy: async (ctx) => {
      const bridge = createStandardWebSocketBridge(ctx);
      bridge.setWebSocketManager(await createWebSocketManager(ctx));
      await bridge.notifyAgentStarted(ctx.runId, AGENT);
      await bridge.notifyAgentThinking(ctx.runId, AGENT, THOUGHT, { stepNumber: 1 });
      await bridge.notifyToolExecuting(ctx.runId, AGENT, 'weather', { parameters: PARAMETERS });
      await bridge.notifyToolCompleted(ctx.runId, AGENT, 'weather', { result: RESULT, executionTimeMs: 12 });
      await bridge.notifyAgentCompleted(ctx.runId, AGENT, { result: ANSWER, executionTimeMs: 40 });
    },
    canonical: (run) => canonicalRun(run),
  },
  {
    name: 'transparent emitter (emit)',
    legacy: async (ctx) => {
      const emitter = await createTransparentEmitter(ctx);
      for (const [type, data] of LEGACY_DATA) await emitter.emit(type, { ...data });
    },
    canonical: (run) => canonicalRun(run),
  },
  {
    name: 'data agent (emitWebSocketEvent, thought/args)',
    legacy: async (ctx) => {
      const context = { ...ctx, websocketManager: await createWebSocketManager(ctx) };
      await emitWebSocketEvent(context, 'agent_started', { agent_name: AGENT });
      await emitWebSocketEvent(context, 'agent_thinking', { agent_name: AGENT, thought: THOUGHT, step_number: 1 });
      await emitWebSocketEvent(context, 'tool_executing', { agent_name: AGENT, tool_name: 'weather', args: PARAMETERS });
      await emitWebSocketEvent(context, 'tool_completed', { agent_name: AGENT, tool_name: 'weather', result: RESULT, execution_time_ms: 12 });
      await emitWebSocketEvent(context, 'agent_completed', { agent_name: AGENT, result: ANSWER, execution_time_ms: 40 });
    },
    canonical: (run) => canonicalRun(run),
  },
  {
    name: 'executor phases',
    legacy: async (ctx) => {
      const context = { ...ctx, agentName: AGENT };
      await notifyPhaseStart({ name: 'weather', dependencies: [] }, context);
      await notifyPhaseComplete({ name: 'weather' }, context, RESULT);
    },
    canonical: async (run) => {
      await run.agentStarted({ agentName: AGENT });
      const call = await run.toolExecuting({ agentName: AGENT, toolName: 'weather', parameters: { phase: 'weather', dependencies: [] } });
      await run.toolCompleted({ agentName: AGENT, toolName: 'weather', toolCallId: call.payload.toolCallId, result: RESULT });
    },
  },
];

describe('parity: each legacy path yields the wire events of the canonical API', () => {
  for (const path of PATHS) {
    it(path.name, async () => {
      const legacyRun = freshRun('legacy');
      const canonicalRef = { ...freshRun('canonical'), userId: legacyRun.userId };
      const client = await harness.client(legacyRun.userId);
      await path.legacy(legacyRun);
      await path.canonical(harness.server.forRun(canonicalRef));
      await waitFor(
        () => client.run(canonicalRef.runId).length > 0 && client.run(legacyRun.runId).length === client.run(canonicalRef.runId).length,
        'both runs',
      );
      await settle();
      const expected = wire(client.run(canonicalRef.runId));
      expect(expected.length).toBeGreaterThanOrEqual(3);
      expect(wire(client.run(legacyRun.runId))).toEqual(expected);
      expect(client.run(legacyRun.runId).every((event) => event.threadId === legacyRun.threadId)).toBe(true);
    });
  }
});
