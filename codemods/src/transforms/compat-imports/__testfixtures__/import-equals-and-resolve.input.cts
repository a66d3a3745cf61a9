import manager = require('../websocket-core/websocket-manager.js');

export const where = require.resolve('../websocket-core/websocket-manager-factory.js');
export type Manager = manager.WebSocketManager;
