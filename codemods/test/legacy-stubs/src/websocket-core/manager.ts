export { WebSocketManager } from './websocket-manager.js';
