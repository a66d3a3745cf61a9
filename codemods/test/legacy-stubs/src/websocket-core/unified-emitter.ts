import type { UserExecutionContext } from './user-execution-context.js';
import type { WebSocketManager } from './websocket-manager.js';

export declare const CRITICAL_EVENTS: readonly ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];
export type CriticalEventType = (typeof CRITICAL_EVENTS)[number];
export declare class UnifiedWebSocketEmitter {
  constructor(manager: WebSocketManager, options?: { userId?: string; context?: UserExecutionContext; performanceMode?: boolean });
  static createUserEmitter(manager: WebSocketManager, userContext: UserExecutionContext): UnifiedWebSocketEmitter;
  notifyAgentStarted(agentName: string, options?: { metadata?: Record<string, unknown>; context?: Record<string, unknown> }): Promise<boolean>;
  notifyAgentThinking(options: { agentName?: string; reasoning?: string; thought?: string; stepNumber?: number; metadata?: Record<string, unknown> }): Promise<boolean>;
  notifyToolExecuting(toolName: string, options?: { metadata?: Record<string, unknown> }): Promise<boolean>;
  notifyToolCompleted(toolName: string, options?: { metadata?: Record<string, unknown> }): Promise<boolean>;
  notifyAgentCompleted(agentName: string, options?: { metadata?: Record<string, unknown>; result?: unknown; executionTimeMs?: number }): Promise<boolean>;
  emitAgentStarted(data: Record<string, unknown>): Promise<boolean>;
  emitAgentThinking(data: Record<string, unknown>): Promise<boolean>;
  emitToolExecuting(data: Record<string, unknown>): Promise<boolean>;
  emitToolCompleted(data: Record<string, unknown>): Promise<boolean>;
  emitAgentCompleted(data: Record<string, unknown>): Promise<boolean>;
  emit(eventType: string, data: Record<string, unknown>): Promise<boolean>;
  notifyAgentError(error: string, extra?: Record<string, unknown>): Promise<void>;
  setUserTier(tier: string): void;
}
export { UnifiedWebSocketEmitter as WebSocketEventEmitter, UnifiedWebSocketEmitter as UserWebSocketEmitter };
export declare class WebSocketEmitterFactory {
  static createEmitter(manager: WebSocketManager, userId: string, options?: { context?: UserExecutionContext }): UnifiedWebSocketEmitter;
  static createScopedEmitter(manager: WebSocketManager, context: UserExecutionContext): UnifiedWebSocketEmitter;
}
export declare class WebSocketEmitterPool {
  constructor(manager: WebSocketManager, maxSize?: number);
  acquire(userId: string, context?: UserExecutionContext): Promise<UnifiedWebSocketEmitter>;
}
