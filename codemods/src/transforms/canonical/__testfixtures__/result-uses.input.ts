// Where the call's result is used, the canonical call (void, or the sent event) would not fit.
import { createWebSocketManager, getWebSocketManagerFactory } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

declare function expectResolved(value: Promise<unknown>): Promise<void>;

export async function uses(ctx: UserExecutionContext): Promise<boolean> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await expectResolved(manager.sendToUser(ctx.userId, { type: 'checked' }));
  void manager.sendToUser(ctx.userId, { type: 'fire_and_forget' });
  manager
    .emitCriticalEvent(ctx.userId, 'agent_thinking', { agent_name: 'a', reasoning: 'r' })
    .catch((error: unknown) => console.warn(error));
  const delivered = manager.emitCriticalEvent(ctx.userId, 'agent_completed', { agent_name: 'a' });
  await delivered;
  return true;
}

export async function dropped(ctx: UserExecutionContext): Promise<void> {
  // A factory call whose result is dropped keeps its side effects (counters, pools): left for a human.
  await getWebSocketManagerFactory().createManager(ctx);
}
