import { getWebSocketManager } from '../websocket-core/websocket-manager';
import { WebSocketManagerMode } from '../websocket-core/unified-manager.ts';
import { ErrorHandler } from '../websocket-core/handlers.js';
import { AuthHandler } from '../websocket-core/auth/index.js';
import { emitWebSocketEvent } from '../agents/data/unified-data-agent.js';

export const parts = [getWebSocketManager, WebSocketManagerMode.UNIFIED, ErrorHandler, AuthHandler, emitWebSocketEvent];
