/** Entry point for `websocket-core/handlers`. */
export { ErrorHandler } from './legacy/broadcast-handlers.js';
