import { describe, expect, it } from 'vitest';
import { AgentWebSocketBridge } from '../src/agent-websocket-bridge.js';
import { getLegacyFailures } from '../src/index.js';
import { UnifiedWebSocketEmitter } from '../src/unified-emitter.js';
import { AgentWebSocketBridgeAdapter, WebSocketBridgeAdapter } from '../src/websocket-bridge-adapter.js';
import {
  LegacyStandardBridgeAdapter,
  StandardWebSocketBridge,
  WebSocketBridgeAdapter as FactoryBridgeAdapter,
  createAgentBridgeAdapter,
  createEmitterBridgeAdapter,
  createManagerBridgeAdapter,
  createStandardWebSocketBridge,
  type WebSocketBridgeProtocol,
} from '../src/websocket-bridge-factory.js';
import { createWebSocketManager } from '../src/websocket-manager-factory.js';
import { freshRun, useHarness, waitFor } from './support.js';

const harness = useHarness();

describe('the agent mixin (AgentWebSocketBridgeAdapter, legacy WebSocketBridgeAdapter)', () => {
  it('sends every emit* of an agent to its run, tool and agent never swapped, tool results never lost', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    expect(WebSocketBridgeAdapter).toBe(AgentWebSocketBridgeAdapter);
    class ResearchAgent extends WebSocketBridgeAdapter {}
    const agent = new ResearchAgent();
    expect(agent.hasWebSocketBridge()).toBe(false);
    agent.setWebSocketBridge(new AgentWebSocketBridge({ userContext: ctx }), ctx.runId, 'researcher');
    expect(agent.hasWebSocketBridge()).toBe(true);
    await agent.emitAgentStarted('on it');
    await agent.emitThinking('need data', 1);
    await agent.emitToolExecuting('fetch', { url: 'x' });
    await agent.emitToolCompleted('fetch', { bytes: 10 });
    await agent.emitToolStarted('parse');
    await agent.emitToolCompleted('parse');
    await agent.emitSubagentStarted('summarizer', 'sub-1');
    await agent.emitSubagentCompleted('summarizer', 'sub-1', 'short', 7);
    await agent.emitProgress('almost there', true);
    await agent.emitAgentCompleted({ answer: 42 });
    await waitFor(() => client.events.length === 10, 'the run');
    expect(client.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'researcher', message: 'on it' }],
      ['agent_thinking', { agentName: 'researcher', reasoning: 'need data', stepNumber: 1 }],
      ['tool_executing', { agentName: 'researcher', toolName: 'fetch', toolCallId: expect.any(String), parameters: { url: 'x' } }],
      ['tool_completed', { agentName: 'researcher', toolName: 'fetch', toolCallId: expect.any(String), result: { bytes: 10 } }],
      ['tool_executing', { agentName: 'researcher', toolName: 'parse', toolCallId: expect.any(String) }],
      ['tool_completed', { agentName: 'researcher', toolName: 'parse', toolCallId: expect.any(String) }],
      ['tool_executing', { agentName: 'researcher', toolName: 'summarizer', toolCallId: 'sub-1', parameters: { subagent: true } }],
      ['tool_completed', { agentName: 'researcher', toolName: 'summarizer', toolCallId: 'sub-1', result: 'short', durationMs: 7 }],
      ['agent_thinking', { agentName: 'researcher', reasoning: 'almost there', progress: 100 }],
      ['agent_completed', { agentName: 'researcher', status: 'succeeded', result: { answer: 42 } }],
    ]);
  });

  it('emitError ends the run as failed with the error type', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const agent = new AgentWebSocketBridgeAdapter();
    agent.setWebSocketBridge(new AgentWebSocketBridge({ userContext: ctx }), ctx.runId, 'a');
    await agent.emitAgentStarted();
    await agent.emitError('upstream 502', 'ToolError', { tool: 'fetch' });
    await waitFor(() => client.events.length === 2, 'start and failure');
    expect(client.events[1]!.payload).toEqual({ agentName: 'a', status: 'failed', error: 'ToolError: upstream 502' });
  });

  it('throws without a bridge, as legacy did, except in test mode', async () => {
    const agent = new AgentWebSocketBridgeAdapter();
    await expect(agent.emitThinking('x')).rejects.toThrow(/no WebSocket bridge/);
    agent.enableTestMode();
    await expect(agent.emitThinking('x')).resolves.toBeUndefined();
  });

  it('swallows a refused event (counted), as legacy logged and moved on', async () => {
    const ctx = freshRun();
    const agent = new AgentWebSocketBridgeAdapter();
    agent.setWebSocketBridge(createEmitterBridgeAdapter(new UnifiedWebSocketEmitter(null, { context: ctx }), ctx), 'another-run', 'a');
    await expect(agent.emitAgentStarted()).resolves.toBeUndefined();
    expect(getLegacyFailures().find((failure) => failure.api === 'AgentWebSocketBridgeAdapter.emitAgentStarted')).toMatchObject({
      reason: 'run_mismatch',
    });
  });
});

describe('the bridge factory (StandardWebSocketBridge and its adapters)', () => {
  it('delivers its run through whichever adapter is set, in its own (runId, agentName, toolName) order', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const bridges: WebSocketBridgeProtocol[] = [
      createAgentBridgeAdapter(new AgentWebSocketBridge({ userContext: ctx }), ctx),
      createEmitterBridgeAdapter(new UnifiedWebSocketEmitter(null, { context: ctx }), ctx),
      createManagerBridgeAdapter(await createWebSocketManager(ctx), ctx),
      new LegacyStandardBridgeAdapter(new UnifiedWebSocketEmitter(null, { context: ctx }), ctx),
      createStandardWebSocketBridge(ctx),
    ];
    const [agentBridge, emitterBridge, managerBridge, legacyAdapter, bare] = bridges as [
      StandardWebSocketBridge,
      StandardWebSocketBridge,
      StandardWebSocketBridge,
      StandardWebSocketBridge,
      StandardWebSocketBridge,
    ];
    expect(await agentBridge.notifyAgentStarted(ctx.runId, 'a', { topic: 'x' })).toBe(true);
    expect(await emitterBridge.notifyAgentThinking(ctx.runId, 'a', 'hmm', { stepNumber: 3, progressPercentage: 30 })).toBe(true);
    expect(await managerBridge.notifyToolExecuting(ctx.runId, 'a', 'lookup', { parameters: { id: 1 } })).toBe(true);
    expect(await legacyAdapter.notifyToolCompleted(ctx.runId, 'a', 'lookup', { result: 'found', executionTimeMs: 3 })).toBe(true);
    // As in legacy, a bridge with nothing behind it sends nothing.
    expect(await bare.notifyProgressUpdate(ctx.runId, 'a', { progress: 80 })).toBe(false);
    expect(await legacyAdapter.notifyProgressUpdate(ctx.runId, 'a', { progress: 80 })).toBe(true);
    expect(await managerBridge.notifyCustom(ctx.runId, 'a', 'note', { text: 'fyi' })).toBe(true);
    expect(await agentBridge.notifyAgentCompleted(ctx.runId, 'a', { result: 'done', executionTimeMs: 50 })).toBe(true);
    await waitFor(() => client.events.length === 6 && client.userEvents.length === 1, 'the run');
    expect(client.events.map((event) => [event.type, event.payload])).toEqual([
      ['agent_started', { agentName: 'a', context: { topic: 'x' } }],
      ['agent_thinking', { agentName: 'a', reasoning: 'hmm', stepNumber: 3, progress: 30 }],
      ['tool_executing', { agentName: 'a', toolName: 'lookup', toolCallId: expect.any(String), parameters: { id: 1 } }],
      ['tool_completed', { agentName: 'a', toolName: 'lookup', toolCallId: expect.any(String), result: 'found', durationMs: 3 }],
      ['agent_thinking', { agentName: 'a', reasoning: 'Progress: 80%', progress: 80 }],
      ['agent_completed', { agentName: 'a', status: 'succeeded', result: 'done', durationMs: 50 }],
    ]);
    expect(client.userEvents[0]).toMatchObject({ type: 'note', data: { agent_name: 'a', text: 'fyi' } });
    expect(FactoryBridgeAdapter).toBe(LegacyStandardBridgeAdapter);
    expect(agentBridge.getBridgeMetrics()).toEqual({ sent: 2, rejected: 0, failed: 0, target: 'agent_bridge' });
    expect(legacyAdapter.diagnoseBridgeHealth()).toEqual({ healthy: true, target: 'emitter', runId: ctx.runId });
    expect(bare.diagnoseBridgeHealth()).toEqual({ healthy: false, target: 'none', runId: ctx.runId });
    expect(bare.getBridgeMetrics()).toEqual({ sent: 0, rejected: 0, failed: 1, target: 'none' });
  });

  it('refuses another run, as legacy did, and notifyAgentError ends its own run as failed', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const bridge = createStandardWebSocketBridge(ctx);
    bridge.setWebSocketManager(await createWebSocketManager(ctx));
    expect(await bridge.notifyAgentStarted('someone-elses-run', 'a')).toBe(false);
    expect(bridge.getBridgeMetrics()).toMatchObject({ rejected: 1, failed: 1, target: 'manager' });
    expect(await bridge.notifyAgentError(ctx.runId, 'a', 'bad input')).toBe(true);
    await waitFor(() => client.events.length === 2, 'start and failure');
    expect(client.events.map((event) => event.type)).toEqual(['agent_started', 'agent_completed']);
    expect(client.events[1]!.payload).toMatchObject({ status: 'failed', error: 'bad input' });
  });
});
