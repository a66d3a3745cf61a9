/** Entry point for `agents/mixins/websocket-bridge-adapter` (the agent mixin). */
export { AgentWebSocketBridgeAdapter, WebSocketBridgeAdapter } from './legacy/agent-bridge-adapter.js';
export type { AdapterBridge } from './legacy/agent-bridge-adapter.js';
