/** Entry point for `websocket-core/unified-emitter`. */
export {
  AUTHENTICATION_CRITICAL_EVENTS,
  CRITICAL_EVENTS,
  FAST_MODE_BASE_DELAY_MS,
  FAST_MODE_MAX_DELAY_MS,
  FAST_MODE_MAX_RETRIES,
  IsolatedWebSocketEventEmitter,
  MAX_CRITICAL_RETRIES,
  MAX_RETRIES,
  RETRY_BASE_DELAY_MS,
  RETRY_MAX_DELAY_MS,
  TransparentWebSocketEmitter,
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
  UnifiedWebSocketEmitterOptions as EmitterOptions,
  UserTier,
} from './legacy/unified-websocket-emitter.js';
export { WebSocketEmitterFactory } from './legacy/emitter-factory.js';
export { WebSocketEmitterPool } from './legacy/emitter-pool.js';
export type { EmitterPoolStatistics } from './legacy/emitter-pool.js';
export { AuthenticationWebSocketEmitter } from './legacy/authentication-emitter.js';
export type { AuthStats } from './legacy/authentication-emitter.js';
