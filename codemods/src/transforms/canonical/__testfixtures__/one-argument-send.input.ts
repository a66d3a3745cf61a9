// d.3 services/websocket/quality-*: sendToUser(message) without a user id (it raised TypeError).
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function qualityAlert(ctx: UserExecutionContext, score: number): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  // @ts-expect-error the legacy call site omitted the user id
  await manager.sendToUser({ type: 'quality_alert', score });
}
