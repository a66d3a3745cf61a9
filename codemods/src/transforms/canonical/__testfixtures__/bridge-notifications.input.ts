// d.17 agents through the bridge: every notify* with its options object.
import { AgentWebSocketBridge, createAgentWebSocketBridge } from '../services/agent-websocket-bridge.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function research(userContext: UserExecutionContext): Promise<void> {
  const bridge = new AgentWebSocketBridge({ userContext });
  const runId = userContext.runId;
  await bridge.notifyAgentStarted(runId, 'researcher', { context: { query: 'oslo' } });
  await bridge.notifyAgentThinking(runId, 'researcher', 'Searching first', { stepNumber: 1, progressPercentage: 20 });
  await bridge.notifyToolExecuting(runId, 'web_search', { agentName: 'researcher', parameters: { q: 'oslo' } });
  await bridge.notifyToolCompleted(runId, 'web_search', { agentName: 'researcher', result: { hits: 3 }, executionTimeMs: 120 });
  await bridge.notifyAgentCompleted(runId, 'researcher', { result: 'Cold and clear', executionTimeMs: 900 });
}

export async function failed(userContext: UserExecutionContext, message: string): Promise<void> {
  const bridge = createAgentWebSocketBridge({ userContext });
  await bridge.notifyAgentError(userContext.runId, 'researcher', message);
  await bridge.notifyCustom(userContext.runId, 'researcher', 'quota_warning', { left: 3 });
}

export async function generic(userContext: UserExecutionContext, toolName: string): Promise<void> {
  const bridge = new AgentWebSocketBridge({ userContext });
  await bridge.emitAgentEvent('agent_thinking', { reasoning: 'Comparing sources' }, { runId: userContext.runId, agentName: 'researcher' });
  await bridge.notifyToolExecuting(userContext.runId, toolName);
}
