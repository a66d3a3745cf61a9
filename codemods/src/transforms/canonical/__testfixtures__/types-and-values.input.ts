// Types map onto canonical ones where the code around them is migrated; CRITICAL_EVENTS is canonical too.
import { CRITICAL_EVENTS, type CriticalEventType } from '../websocket-core/unified-emitter.js';
import type { WebSocketManager } from '../websocket-core/websocket-manager.js';
import type { IsolatedWebSocketManager } from '../websocket-core/websocket-manager-factory.js';

export interface Deps {
  manager: WebSocketManager;
}

export function isCritical(type: string): type is CriticalEventType {
  return (CRITICAL_EVENTS as readonly string[]).includes(type);
}

export async function rename(manager: IsolatedWebSocketManager, userId: string, title: string): Promise<void> {
  await manager.sendToUser(userId, { type: 'thread_renamed', title });
}
