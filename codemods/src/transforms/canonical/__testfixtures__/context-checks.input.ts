// The run identity must mean the same thing where the event is sent as where the manager was made.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function shadowed(ctx: UserExecutionContext, others: UserExecutionContext[]): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  for (const ctx of others) {
    await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'fan-out' });
  }
}

export async function withoutContext(userId: string): Promise<void> {
  const manager = await createWebSocketManager({ userId });
  await manager.emitCriticalEvent(userId, 'agent_started', { agent_name: 'lonely' });
  await manager.sendToUser(userId, { type: 'hello' });
}

export async function literalContext(userId: string, threadId: string, runId: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: { userId, threadId, runId } });
  await manager.emitCriticalEvent(userId, 'agent_started', { agent_name: 'inline' });
}
