/** Entry point for `services/agent-websocket-bridge`. */
export {
  AgentWebSocketBridge,
  createAgentWebSocketBridge,
  getAgentWebSocketBridge,
} from './legacy/agent-websocket-bridge.js';
export type { BridgeCallOptions, CreateBridgeOptions } from './legacy/agent-websocket-bridge.js';
export { WebSocketNotifier } from './legacy/websocket-notifier.js';
export type { AgentExecutionContext, NotifierEmitter } from './legacy/websocket-notifier.js';
