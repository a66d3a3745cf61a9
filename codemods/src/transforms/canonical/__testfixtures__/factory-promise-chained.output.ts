// A factory's promise chained with .then() instead of awaited: the marker says to await it.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export function warmUp(ctx: UserExecutionContext): Promise<void> {
  // @unified-ws-migrate-todo(unsupported-legacy-method): the legacy manager is used through .then(), out of this migration's reach; await it (`const manager = await …`) and run the migration again, or rework the code onto @unified-ws/emitter
  return createWebSocketManager({ userContext: ctx }).then(() => console.log('websocket manager ready'));
}
