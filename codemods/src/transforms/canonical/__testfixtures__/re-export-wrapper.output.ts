// d.11 websocket-core/canonical-imports: a barrel; its consumers keep the legacy names.
// @unified-ws-migrate-todo(reexport-legacy): re-exports ../websocket-core/websocket-manager-factory.js: its consumers keep legacy names; export what they need from @unified-ws/emitter, or point this at @unified-ws/legacy-compat/websocket-manager-factory
export { createWebSocketManager, FactoryInitializationError } from '../websocket-core/websocket-manager-factory.js';
