/** Entry point for `websocket-core/auth`. */
export { AuthHandler } from './legacy/broadcast-handlers.js';
