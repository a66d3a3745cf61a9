import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createEmitterClient, type AgentEvent } from '@unified-ws/emitter/client';
import { describe, expect, it, vi } from 'vitest';
import { AgentWebSocketBridge, createAgentWebSocketBridge } from '../src/agent-websocket-bridge.js';
import { UnifiedWebSocketEmitter, WebSocketEmitterFactory, WebSocketEmitterPool } from '../src/unified-emitter.js';
import { WebSocketBridgeAdapter } from '../src/websocket-bridge-adapter.js';
import { createWebSocketManager } from '../src/websocket-manager-factory.js';
import { freshRun, settle, types, useHarness, waitFor } from './support.js';

/** One test per known legacy bug (reference/legacy-system.md §e.2), each fixed by construction. */
const harness = useHarness();

describe('legacy bugs that cannot happen through the shim', () => {
  it('e.2#1: a manager created per call delivers (the thread-title pattern)', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    for (const title of ['Trip', 'Trip to Oslo']) {
      const manager = await createWebSocketManager({ userContext: ctx });
      await manager.sendToUser(ctx.userId, { type: 'thread_renamed', thread_id: ctx.threadId, new_title: title });
    }
    await waitFor(() => client.userEvents.length === 2, 'both renames');
    expect(client.userEvents.map((event) => (event.data as { new_title: string }).new_title)).toEqual(['Trip', 'Trip to Oslo']);
  });

  it('e.2#2: bridge notifications reach the run user, not a user named like the thread', async () => {
    const ctx = freshRun();
    const owner = await harness.client(ctx.userId);
    const impostor = await harness.client(ctx.threadId);
    const bridge = new AgentWebSocketBridge({ userContext: ctx });
    await bridge.notifyAgentStarted(ctx.runId, 'a');
    await bridge.emitAgentEvent('agent_thinking', { reasoning: 'routed by run' }, { runId: ctx.runId });
    await waitFor(() => owner.events.length === 2, 'both events');
    await settle();
    expect(impostor.events).toEqual([]);
  });

  it('e.2#3: events emitted before the user connects are not lost: the run log replays them', async () => {
    const ctx = freshRun();
    const emitter = new UnifiedWebSocketEmitter(null, { context: ctx });
    expect(await emitter.notifyAgentStarted('early')).toBe(true);
    expect(await emitter.notifyAgentThinking({ reasoning: 'nobody is listening yet' })).toBe(true);
    expect(await emitter.notifyAgentCompleted('early', { result: 'done' })).toBe(true);

    const received: AgentEvent[] = [];
    const client = createEmitterClient({ url: harness.url, auth: { token: `user:${ctx.userId}` }, onEvent: (event) => received.push(event) });
    try {
      await client.ready();
      await client.follow(ctx.runId);
      await waitFor(() => received.length === 3, 'the replay');
      expect(received.map((event) => [event.seq, event.type])).toEqual([
        [1, 'agent_started'],
        [2, 'agent_thinking'],
        [3, 'agent_completed'],
      ]);
    } finally {
      client.close();
    }
  });

  it('e.2#4: the emit/notify methods say whether the event was accepted', async () => {
    const ctx = freshRun();
    const emitter = new UnifiedWebSocketEmitter(null, { context: ctx });
    expect(await emitter.emitAgentStarted({ agent_name: 'a' })).toBe(true);
    expect(await emitter.emitAgentStarted({ agent_name: 'a' })).toBe(true); // a duplicate is accepted once
    expect(await new UnifiedWebSocketEmitter(null, { userId: ctx.userId }).emitAgentThinking({ reasoning: 'no run' })).toBe(false);
  });

  it('e.2#5: building and cleaning up emitters, managers, pools and bridges schedules no timer', async () => {
    const ctx = freshRun();
    const timers = [vi.spyOn(globalThis, 'setTimeout'), vi.spyOn(globalThis, 'setInterval')];
    try {
      for (let i = 0; i < 200; i++) {
        const manager = await createWebSocketManager(ctx);
        const emitter = WebSocketEmitterFactory.createScopedEmitter(manager, ctx);
        const pool = new WebSocketEmitterPool(manager, { maxSize: 5 });
        await pool.acquire(`${ctx.userId}-${i}`, ctx);
        createAgentWebSocketBridge({ userContext: ctx, websocketManager: manager });
        emitter.cleanup();
        await pool.shutdown();
      }
      expect(timers.map((timer) => timer.mock.calls.length)).toEqual([0, 0]);
    } finally {
      for (const timer of timers) timer.mockRestore();
    }
  });

  it('e.2#5: a process that used the shim exits by itself after server.close()', async () => {
    const script = fileURLToPath(new URL('./fixtures/exit-after-close.ts', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=@unified-ws/source', '--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );
    clearTimeout(killer);
    expect({ code, signal, last: output.trim().split('\n').at(-1) }).toEqual({
      code: 0,
      signal: null,
      last: 'closed: 200 runs, 100 cancelled',
    });
  }, 40_000);

  it('e.2#6: the client always sees the event type, never a type from the caller data', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = new UnifiedWebSocketEmitter(null, { context: ctx });
    await emitter.notifyAgentThinking({ agentName: 'a', reasoning: 'legacy put type "reasoning" here' });
    await waitFor(() => client.events.length === 2, 'start and thinking');
    expect(types(client.events)).toEqual(['agent_started', 'agent_thinking']);
  });

  it('e.2#8: the agent adapter neither swaps tool and agent nor loses tool_completed', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const adapter = new WebSocketBridgeAdapter();
    adapter.setWebSocketBridge(new AgentWebSocketBridge({ userContext: ctx }), ctx.runId, 'researcher');
    await adapter.emitToolExecuting('web_search', { q: 'x' });
    await adapter.emitToolCompleted('web_search', { hits: 2 });
    await waitFor(() => client.events.length === 3, 'start and the call');
    expect(client.events.slice(1).map((event) => [event.type, event.payload])).toEqual([
      ['tool_executing', expect.objectContaining({ agentName: 'researcher', toolName: 'web_search' })],
      ['tool_completed', expect.objectContaining({ agentName: 'researcher', toolName: 'web_search', result: { hits: 2 } })],
    ]);
  });

  it('e.2#11: a bridge made from a manager alone never invents a user', async () => {
    const ctx = freshRun();
    const invented = await harness.client('websocket-compat-user');
    const owner = await harness.client(ctx.userId);
    const bridge = createAgentWebSocketBridge({ websocketManager: await createWebSocketManager(ctx) });
    await bridge.notifyAgentStarted(ctx.runId, 'a');
    await waitFor(() => owner.events.length === 1, 'the start');
    await settle();
    expect(invented.events).toEqual([]);
  });

  it('e.2#12: an emitter made without a context sends on its manager run', async () => {
    const ctx = freshRun();
    const client = await harness.client(ctx.userId);
    const emitter = UnifiedWebSocketEmitter.forUser(await createWebSocketManager(ctx), ctx.userId);
    expect(await emitter.notifyAgentStarted('a')).toBe(true);
    await waitFor(() => client.events.length === 1, 'the start');
    expect(client.events[0]!.runId).toBe(ctx.runId);
  });
});
