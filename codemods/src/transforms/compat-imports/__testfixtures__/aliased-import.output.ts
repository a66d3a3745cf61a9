import { createWebSocketManager as factoryCreate } from '@unified-ws/legacy-compat/websocket-manager-factory';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

/** The sync wrapper of websocket_core/utils: returns the un-awaited promise. */
export function createManager(userContext?: UserExecutionContext) {
  return factoryCreate({ userContext });
}
