import type { UserExecutionContext } from '../../websocket-core/user-execution-context.js';

export declare function emitWebSocketEvent(context: UserExecutionContext, eventType: string, data: Record<string, unknown>): Promise<void>;
