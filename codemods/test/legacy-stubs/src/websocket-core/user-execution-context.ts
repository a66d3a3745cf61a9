export interface UserExecutionContext {
  userId: string;
  threadId: string;
  runId: string;
  requestId?: string;
  websocketClientId?: string;
  agentContext?: Record<string, unknown>;
}
