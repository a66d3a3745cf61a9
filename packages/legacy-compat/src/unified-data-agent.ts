/** Entry point for `agents/data/unified-data-agent`. */
export { emitWebSocketEvent } from './legacy/data-agent-events.js';
export type { DataAgentContext } from './legacy/data-agent-events.js';
