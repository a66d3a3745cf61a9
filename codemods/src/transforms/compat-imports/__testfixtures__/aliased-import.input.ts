import { createWebSocketManager as factoryCreate } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

/** The sync wrapper of websocket_core/utils: returns the un-awaited promise. */
export function createManager(userContext?: UserExecutionContext) {
  return factoryCreate({ userContext });
}
