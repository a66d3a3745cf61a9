/**
 * `@unified-ws/legacy-compat`: every deprecated API of the legacy WebSocket layer, each call
 * delivered through the default `EmitterServer`. Import from the entry point that mirrors
 * the legacy module (`@unified-ws/legacy-compat/websocket-manager-factory`, …) or from here.
 */
export * from './websocket-manager-factory.js';
export * from './websocket-manager.js';
export * from './unified-manager.js';
export * from './manager.js';
export * from './protocols.js';
export * from './unified-emitter.js';
export * from './handlers.js';
export * from './auth.js';
export * from './agent-websocket-bridge.js';
export * from './websocket-bridge-adapter.js';
export {
  LegacyStandardBridgeAdapter,
  StandardWebSocketBridge,
  createAgentBridgeAdapter,
  createEmitterBridgeAdapter,
  createManagerBridgeAdapter,
  createStandardWebSocketBridge,
} from './websocket-bridge-factory.js';
export type { BridgeHealth, BridgeMetrics, BridgeTarget, WebSocketBridgeProtocol } from './websocket-bridge-factory.js';
export * from './transparent-websocket-events.js';
export * from './unified-data-agent.js';
export * from './executor.js';

export { configureLegacyCompat } from './core/config.js';
export type { LegacyCompatOptions } from './core/config.js';
export { getLegacyUsage } from './core/deprecation.js';
export type { LegacyApi } from './core/deprecation.js';
export { getLegacyFailures } from './core/failures.js';
export type { LegacyFailure, LegacyFailureCount } from './core/failures.js';
export { LEGACY_SYMBOLS, warningCode } from './core/catalog.js';
export type { LegacySymbol } from './core/catalog.js';
export {
  DELIVERY_FAILURES,
  LegacyCompatError,
  LegacyDeliveryError,
  LegacyStrictModeError,
  NoEmitterServerError,
} from './core/errors.js';
export type { DeliveryFailure } from './core/errors.js';
