// Where the call's result is used, the canonical call (void, or the sent event) would not fit.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { createWebSocketManager, getWebSocketManagerFactory } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

declare function expectResolved(value: Promise<unknown>): Promise<void>;

export async function uses(ctx: UserExecutionContext): Promise<boolean> {
  const manager = await createWebSocketManager({ userContext: ctx });
  // @unified-ws-migrate-todo(manager-send-to-user): the result of this call is used, and notifyUser returns nothing
  await expectResolved(manager.sendToUser(ctx.userId, { type: 'checked' }));
  void getDefaultEmitterServer().notifyUser(ctx.userId, 'fire_and_forget');
  getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentThinking({ agentName: 'a', reasoning: 'r' })
    .catch((error: unknown) => console.warn(error));
  // @unified-ws-migrate-todo(manager-emit-critical-event): the result of this call is used, and the canonical call resolves to the sent event (or rejects) instead
  const delivered = manager.emitCriticalEvent(ctx.userId, 'agent_completed', { agent_name: 'a' });
  await delivered;
  return true;
}

export async function dropped(ctx: UserExecutionContext): Promise<void> {
  // A factory call whose result is dropped keeps its side effects (counters, pools): left for a human.
  // @unified-ws-migrate-todo(receiver-escapes): creates a legacy manager and drops it; delete the call unless something relies on its side effects
  await getWebSocketManagerFactory().createManager(ctx);
}
