// Types map onto canonical ones where the code around them is migrated; CRITICAL_EVENTS is canonical too.
import { CRITICAL_EVENTS, type AgentEventType, getDefaultEmitterServer } from '@unified-ws/emitter';
import type { WebSocketManager } from '../websocket-core/websocket-manager.js';
import type { IsolatedWebSocketManager } from '../websocket-core/websocket-manager-factory.js';

// @unified-ws-migrate-todo(legacy-receiver-type): WebSocketManager is the type of a legacy manager, whose values may still come from legacy code; once they do not, type this as EmitterServer from @unified-ws/emitter
export interface Deps {
  manager: WebSocketManager;
}

export function isCritical(type: string): type is AgentEventType {
  return (CRITICAL_EVENTS as readonly string[]).includes(type);
}

// @unified-ws-migrate-todo(legacy-receiver-type): IsolatedWebSocketManager is the type of a legacy manager, whose values may still come from legacy code; once they do not, type this as EmitterServer from @unified-ws/emitter
export async function rename(manager: IsolatedWebSocketManager, userId: string, title: string): Promise<void> {
  getDefaultEmitterServer().notifyUser(userId, 'thread_renamed', { title });
}
