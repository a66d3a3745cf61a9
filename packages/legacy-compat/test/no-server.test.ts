import { createEmitterServer, setDefaultEmitterServer } from '@unified-ws/emitter';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentWebSocketBridge, WebSocketNotifier } from '../src/agent-websocket-bridge.js';
import { emitWebSocketEvent } from '../src/unified-data-agent.js';
import { AgentWebSocketBridgeAdapter } from '../src/websocket-bridge-adapter.js';
import { LegacyDeliveryError, NoEmitterServerError, configureLegacyCompat, getLegacyFailures } from '../src/index.js';
import { UnifiedWebSocketEmitter } from '../src/unified-emitter.js';
import { createWebSocketManager } from '../src/websocket-manager-factory.js';
import { UserClient, freshRun, tokenAuth, waitFor } from './support.js';

/** No `useHarness()` here: these tests are about the process having no default server. */
const warnings: Array<Error & { code?: string }> = [];
process.on('warning', (warning) => warnings.push(warning));
const noServerWarnings = () => warnings.filter((warning) => warning.code === 'UNIFIED_WS_NO_SERVER');
const savedNodeEnv = process.env['NODE_ENV'];

afterEach(() => {
  configureLegacyCompat({ whenNoServer: undefined });
  process.env['NODE_ENV'] = savedNodeEnv;
});

describe('no default EmitterServer registered', () => {
  it('outside production, legacy calls keep working against a detached server, with one warning', async () => {
    const ctx = freshRun();
    const manager = await createWebSocketManager(ctx);
    await expect(manager.sendToUser(ctx.userId, { type: 'x' })).resolves.toBeUndefined();
    const emitter = new UnifiedWebSocketEmitter(manager, { context: ctx });
    expect(await emitter.notifyAgentStarted('a')).toBe(true);
    expect(await emitter.notifyAgentThinking({ reasoning: 'the lifecycle is still checked' })).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(noServerWarnings()).toHaveLength(1);
    expect(noServerWarnings()[0]!.message).toContain('setDefaultEmitterServer(createEmitterServer(');
  });

  it("with whenNoServer: 'fail' every call throws NoEmitterServerError, even those that swallow errors", async () => {
    configureLegacyCompat({ whenNoServer: 'fail' });
    const ctx = freshRun();
    const manager = await createWebSocketManager(ctx);
    await expect(manager.sendToUser(ctx.userId, { type: 'x' })).rejects.toBeInstanceOf(NoEmitterServerError);
    await expect(new WebSocketNotifier(undefined, ctx).sendAgentStarted(ctx, 'a')).rejects.toMatchObject({
      code: 'ERR_UWS_LEGACY_NO_SERVER',
    });
    expect(getLegacyFailures().filter((failure) => failure.api === 'WebSocketManager.sendToUser')).toEqual([]);
  });

  it('fails by default when NODE_ENV is production', async () => {
    process.env['NODE_ENV'] = 'production';
    const ctx = freshRun();
    await expect(new UnifiedWebSocketEmitter(null, { context: ctx }).notifyAgentStarted('a')).rejects.toBeInstanceOf(NoEmitterServerError);
  });

  it('in production, once the registered server has closed, legacy calls fail as deliveries (server_closed), not as a missing start-up line', async () => {
    process.env['NODE_ENV'] = 'production';
    const server = createEmitterServer({ authenticate: tokenAuth });
    const { port } = await server.listen(0, '127.0.0.1');
    setDefaultEmitterServer(server);
    const ctx = freshRun();
    const client = await UserClient.connect(`http://127.0.0.1:${port}`, ctx.userId);
    const notifier = new WebSocketNotifier(null, ctx);
    const adapter = new AgentWebSocketBridgeAdapter();
    adapter.setWebSocketBridge(new AgentWebSocketBridge({ userContext: ctx }), ctx.runId, 'a');
    try {
      expect(await notifier.sendAgentStarted(ctx, 'a')).toBe(true);
      await waitFor(() => client.events.length === 1, 'the start');
    } finally {
      client.close();
      await server.close(); // unregisters itself as the default
    }
    // Agents still finishing during a shutdown: what legacy swallowed is swallowed and counted.
    await expect(notifier.sendAgentThinking(ctx, 'after close')).resolves.toBe(false);
    await expect(adapter.emitThinking('after close')).resolves.toBeUndefined();
    await expect(emitWebSocketEvent(ctx, 'agent_thinking', { thought: 'after close' })).resolves.toBeUndefined();
    expect(getLegacyFailures().filter((failure) => failure.reason === 'server_closed').map((failure) => failure.api)).toContain(
      'WebSocketNotifier.sendAgentThinking',
    );
    // What legacy raised still raises, with the delivery reason.
    const next = freshRun();
    await expect(new AgentWebSocketBridge({ userContext: next }).notifyAgentStarted(next.runId, 'b')).rejects.toSatisfy(
      (error) => error instanceof LegacyDeliveryError && error.reason === 'server_closed',
    );
  });

  it('uses a server registered later from the next call on', async () => {
    const server = createEmitterServer({ authenticate: tokenAuth });
    const { port } = await server.listen(0, '127.0.0.1');
    const ctx = freshRun();
    const client = await UserClient.connect(`http://127.0.0.1:${port}`, ctx.userId);
    try {
      const manager = await createWebSocketManager(ctx);
      await manager.sendToUser(ctx.userId, { type: 'before' }); // detached: nobody can receive it
      setDefaultEmitterServer(server);
      await manager.sendToUser(ctx.userId, { type: 'after' });
      await waitFor(() => client.userEvents.length === 1, 'the message');
      expect(client.userEvents.map((event) => event.type)).toEqual(['after']);
    } finally {
      client.close();
      await server.close(); // unregisters itself as the default
    }
  });
});
