// The file already imports from @unified-ws/emitter: names are added to that import.
import { CRITICAL_EVENTS } from '@unified-ws/emitter';
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export const events = CRITICAL_EVENTS;

export async function hello(ctx: UserExecutionContext): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'hello' });
}
