// d.2 core/interfaces-data: the message carries a nested payload.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function corpusCreated(ctx: UserExecutionContext, corpusId: string, tableName: string): Promise<void> {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'corpus:created', { payload: { corpusId, tableName, status: 'ready' } });
}

export async function corpusFailed(ctx: UserExecutionContext, error: Error): Promise<void> {
  getDefaultEmitterServer().notifyUser(ctx.userId, "corpus:error", { "payload": { error: error.message } });
}
