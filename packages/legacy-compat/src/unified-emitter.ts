/** Entry point for `websocket-core/unified-emitter`. */
export {
  AUTHENTICATION_CRITICAL_EVENTS,
  CRITICAL_EVENTS,
  IsolatedWebSocketEventEmitter,
  USER_TIERS,
  UnifiedWebSocketEmitter,
  UserWebSocketEmitter,
  WebSocketEventEmitter,
} from './legacy/unified-websocket-emitter.js';
export type {
  AuthenticationEventType,
  CriticalEventType,
  EmitterStats,
  TokenMetrics,
  UnifiedWebSocketEmitterOptions,
  UserTier,
} from './legacy/unified-websocket-emitter.js';
export { WebSocketEmitterFactory } from './legacy/emitter-factory.js';
export { WebSocketEmitterPool } from './legacy/emitter-pool.js';
export type { EmitterPoolStatistics } from './legacy/emitter-pool.js';
export { AuthenticationWebSocketEmitter } from './legacy/authentication-emitter.js';
export type { AuthStats } from './legacy/authentication-emitter.js';
