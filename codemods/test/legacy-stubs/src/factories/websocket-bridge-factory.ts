import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export declare class StandardWebSocketBridge {
  constructor(userContext: UserExecutionContext);
  notifyAgentStarted(runId: string, agentName: string, context?: Record<string, unknown>): Promise<boolean>;
  notifyToolExecuting(runId: string, agentName: string, toolName: string, parameters?: Record<string, unknown>): Promise<boolean>;
}
export declare function createStandardWebSocketBridge(userContext: UserExecutionContext): StandardWebSocketBridge;
