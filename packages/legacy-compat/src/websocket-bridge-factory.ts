/**
 * Entry point for `factories/websocket-bridge-factory`. Its deprecated `WebSocketBridgeAdapter`
 * is `LegacyStandardBridgeAdapter` (the agent mixin of that name lives in `websocket-bridge-adapter`).
 */
export {
  LegacyStandardBridgeAdapter,
  LegacyStandardBridgeAdapter as WebSocketBridgeAdapter,
  StandardWebSocketBridge,
  createAgentBridgeAdapter,
  createEmitterBridgeAdapter,
  createManagerBridgeAdapter,
  createStandardWebSocketBridge,
} from './legacy/standard-websocket-bridge.js';
export type { BridgeHealth, BridgeMetrics, BridgeTarget, WebSocketBridgeProtocol } from './legacy/standard-websocket-bridge.js';
