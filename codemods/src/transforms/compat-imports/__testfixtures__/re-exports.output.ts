// A barrel (canonical_imports / unified_init in the legacy tree).
export { createWebSocketManager, FactoryInitializationError } from '@unified-ws/legacy-compat/websocket-manager-factory';
export * from '@unified-ws/legacy-compat/unified-emitter';
export * as bridge from '@unified-ws/legacy-compat/agent-websocket-bridge';
export type { WebSocketConnection } from '@unified-ws/legacy-compat/unified-manager';
