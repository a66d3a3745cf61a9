import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';
import type { UnifiedWebSocketEmitter } from '../websocket-core/unified-emitter.js';
import type { WebSocketManager } from '../websocket-core/websocket-manager.js';

export declare class AgentWebSocketBridge {
  constructor(options?: { userContext?: UserExecutionContext });
  notifyAgentStarted(runId: string, agentName: string, options?: { context?: Record<string, unknown>; traceContext?: unknown; userContext?: UserExecutionContext }): Promise<boolean>;
  notifyAgentThinking(runId: string, agentName: string, reasoning: string, options?: { stepNumber?: number; progressPercentage?: number; traceContext?: unknown; userContext?: UserExecutionContext }): Promise<boolean>;
  notifyToolExecuting(runId: string, toolName: string, options?: { agentName?: string; parameters?: Record<string, unknown>; userContext?: UserExecutionContext }): Promise<boolean>;
  notifyToolCompleted(runId: string, toolName: string, options?: { result?: unknown; agentName?: string; executionTimeMs?: number; userContext?: UserExecutionContext }): Promise<boolean>;
  notifyAgentCompleted(runId: string, agentName: string, options?: { result?: unknown; executionTimeMs?: number; traceContext?: unknown; userContext?: UserExecutionContext }): Promise<boolean>;
  notifyAgentError(runId: string, agentName: string, error: string, options?: { errorContext?: unknown; traceContext?: unknown; userContext?: UserExecutionContext }): Promise<boolean>;
  notifyCustom(runId: string, agentName: string, type: string, data: Record<string, unknown>): Promise<boolean>;
  emitAgentEvent(eventType: string, data: Record<string, unknown>, options?: { runId?: string; agentName?: string }): Promise<boolean>;
  createUserEmitter(options: { userContext?: UserExecutionContext }): Promise<UnifiedWebSocketEmitter>;
  set websocketManager(manager: WebSocketManager);
}
export declare function createAgentWebSocketBridge(options?: { userContext?: UserExecutionContext; websocketManager?: WebSocketManager }): AgentWebSocketBridge;
export declare class WebSocketNotifier {
  constructor(emitter: UnifiedWebSocketEmitter, execContext: UserExecutionContext);
  static createForUser(emitter: UnifiedWebSocketEmitter, execContext: UserExecutionContext): WebSocketNotifier;
  sendAgentStarted(execContext: UserExecutionContext, agentName?: string): Promise<boolean>;
  sendAgentThinking(execContext: UserExecutionContext, message: string): Promise<boolean>;
  sendToolExecuting(execContext: UserExecutionContext, toolName: string): Promise<boolean>;
}
