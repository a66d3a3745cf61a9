// d.11 websocket-core/canonical-imports: a barrel; its consumers keep the legacy names.
export { createWebSocketManager, FactoryInitializationError } from '../websocket-core/websocket-manager-factory.js';
