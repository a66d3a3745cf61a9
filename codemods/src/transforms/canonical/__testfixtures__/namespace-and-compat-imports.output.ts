// A module object, and imports already retargeted by a compat run (entry and root).
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import type * as factory from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

// @unified-ws-migrate-todo(legacy-receiver-type): IsolatedWebSocketManager is the type of a legacy manager, whose values may still come from legacy code; once they do not, type this as EmitterServer from @unified-ws/emitter
export async function both(ctx: UserExecutionContext, manager: factory.IsolatedWebSocketManager): Promise<void> {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'ping');
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentThinking({ agentName: 'x', reasoning: 'y' });
  getDefaultEmitterServer().notifyUser(ctx.userId, 'pong');
}
