import type { UserExecutionContext } from '../../websocket-core/user-execution-context.js';
import type { UnifiedWebSocketEmitter } from '../../websocket-core/unified-emitter.js';

export declare function createTransparentEmitter(context: UserExecutionContext): Promise<UnifiedWebSocketEmitter>;
export declare enum WebSocketEventType {
  AGENT_STARTED = 'agent_started',
}
