// A barrel (canonical_imports / unified_init in the legacy tree).
export { createWebSocketManager, FactoryInitializationError } from '../websocket-core/websocket-manager-factory.js';
export * from '../websocket-core/unified-emitter.js';
export * as bridge from '../services/agent-websocket-bridge.js';
export type { WebSocketConnection } from '../websocket-core/unified-manager.js';
