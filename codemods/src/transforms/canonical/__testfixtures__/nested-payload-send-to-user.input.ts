// d.2 core/interfaces-data: the message carries a nested payload.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function corpusCreated(ctx: UserExecutionContext, corpusId: string, tableName: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'corpus:created', payload: { corpusId, tableName, status: 'ready' } });
}

export async function corpusFailed(ctx: UserExecutionContext, error: Error): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { "type": "corpus:error", "payload": { error: error.message } });
}
