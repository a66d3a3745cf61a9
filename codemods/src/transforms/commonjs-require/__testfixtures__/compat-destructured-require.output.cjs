'use strict';
const { createWebSocketManager, WebSocketManagerFactory: Factory } = require('@unified-ws/legacy-compat/websocket-manager-factory');
const path = require("path");

module.exports = { createWebSocketManager, Factory, base: path.basename(__filename) };
