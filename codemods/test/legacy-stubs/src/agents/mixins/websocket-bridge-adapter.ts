import type { AgentWebSocketBridge } from '../../services/agent-websocket-bridge.js';

export declare class AgentWebSocketBridgeAdapter {
  setWebSocketBridge(bridge: AgentWebSocketBridge, runId: string, agentName: string): void;
  emitAgentStarted(message?: string): Promise<void>;
  emitThinking(thought: string, stepNumber?: number): Promise<void>;
  emitToolExecuting(toolName: string, parameters?: Record<string, unknown>): Promise<void>;
}
export { AgentWebSocketBridgeAdapter as WebSocketBridgeAdapter };
