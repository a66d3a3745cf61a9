// A factory's promise chained with .then() instead of awaited: the marker says to await it.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export function warmUp(ctx: UserExecutionContext): Promise<void> {
  return createWebSocketManager({ userContext: ctx }).then(() => console.log('websocket manager ready'));
}
