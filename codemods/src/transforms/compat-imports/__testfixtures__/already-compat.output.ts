import { createWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager-factory';
import { CRITICAL_EVENTS } from '@unified-ws/legacy-compat';

export const parts = [createWebSocketManager, CRITICAL_EVENTS];
