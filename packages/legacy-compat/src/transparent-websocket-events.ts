/** Entry point for `services/websocket/transparent-websocket-events`. */
export { TransparentWebSocketEvents, WebSocketEventType, createTransparentEmitter } from './legacy/transparent-emitter.js';
export { TransparentWebSocketEmitter } from './legacy/unified-websocket-emitter.js';
export type { TransparentContext } from './legacy/transparent-emitter.js';
export { WebSocketEmitterFactory } from './legacy/emitter-factory.js';
