// As in the legacy service: the implementation class, exported under its public names.
import { UnifiedWebSocketManagerImplementation as WebSocketManager } from './unified-manager.js';
import type { UserExecutionContext } from './user-execution-context.js';

export { WebSocketManager, WebSocketManager as UnifiedWebSocketManager, WebSocketManager as WebSocketConnectionManager };
export declare function getWebSocketManager(userContext?: UserExecutionContext): Promise<WebSocketManager>;
