// d.7 core/supervisor-factory: the manager is handed to code that expects a bridge.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

declare function createSupervisorCore(options: { websocketBridge: unknown; websocketClientId?: string }): Promise<unknown>;

export async function supervisorFor(ctx: UserExecutionContext): Promise<unknown> {
  const manager = await createWebSocketManager({ userContext: ctx });
  return createSupervisorCore({ websocketBridge: manager, websocketClientId: ctx.websocketClientId });
}
