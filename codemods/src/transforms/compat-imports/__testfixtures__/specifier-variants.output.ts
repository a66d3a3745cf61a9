import { getWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager';
import { WebSocketManagerMode } from '@unified-ws/legacy-compat/unified-manager';
import { ErrorHandler } from '@unified-ws/legacy-compat/handlers';
import { AuthHandler } from '@unified-ws/legacy-compat/auth';
import { emitWebSocketEvent } from '@unified-ws/legacy-compat/unified-data-agent';

export const parts = [getWebSocketManager, WebSocketManagerMode.UNIFIED, ErrorHandler, AuthHandler, emitWebSocketEvent];
