import manager = require('@unified-ws/legacy-compat/websocket-manager');

export const where = require.resolve('@unified-ws/legacy-compat/websocket-manager-factory');
export type Manager = manager.WebSocketManager;
