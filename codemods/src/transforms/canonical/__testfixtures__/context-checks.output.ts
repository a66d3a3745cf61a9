// The run identity must mean the same thing where the event is sent as where the manager was made.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function shadowed(ctx: UserExecutionContext, others: UserExecutionContext[]): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  for (const ctx of others) {
    // @unified-ws-migrate-todo(manager-emit-critical-event): ctx, the context the manager was created with, means something else here
    await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'fan-out' });
  }
}

export async function withoutContext(userId: string): Promise<void> {
  const manager = await createWebSocketManager({ userId });
  // @unified-ws-migrate-todo(manager-emit-critical-event): the manager was created without a user context, so the run (userId, threadId, runId) is unknown here; call forRun({ userId, threadId, runId }) with the run you mean
  await manager.emitCriticalEvent(userId, 'agent_started', { agent_name: 'lonely' });
  getDefaultEmitterServer().notifyUser(userId, 'hello');
}

export async function literalContext(userId: string, threadId: string, runId: string): Promise<void> {
  await getDefaultEmitterServer().forRun({ userId, threadId, runId }).agentStarted({ agentName: 'inline' }, { idempotencyKey: 'legacy:agent_started' });
}
