// d.17 agents through the bridge: every notify* with its options object.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { createAgentWebSocketBridge } from '../services/agent-websocket-bridge.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function research(userContext: UserExecutionContext): Promise<void> {
  const runId = userContext.runId;
  await getDefaultEmitterServer().forRun({ userId: userContext.userId, threadId: userContext.threadId, runId }).agentStarted({ agentName: 'researcher', context: { query: 'oslo' } }, { idempotencyKey: 'legacy:agent_started' });
  await getDefaultEmitterServer().forRun({ userId: userContext.userId, threadId: userContext.threadId, runId }).agentThinking({ agentName: 'researcher', reasoning: 'Searching first', stepNumber: 1, progress: 20 });
  await getDefaultEmitterServer().forRun({ userId: userContext.userId, threadId: userContext.threadId, runId }).toolExecuting({ toolName: 'web_search', agentName: 'researcher', parameters: { q: 'oslo' }, toolCallId: 'web_search' }, { idempotencyKey: 'legacy:tool_executing:web_search:1' });
  await getDefaultEmitterServer().forRun({ userId: userContext.userId, threadId: userContext.threadId, runId }).toolCompleted({ toolName: 'web_search', agentName: 'researcher', result: { hits: 3 }, durationMs: 120, toolCallId: 'web_search' }, { idempotencyKey: 'legacy:tool_completed:web_search:1' });
  await getDefaultEmitterServer().forRun({ userId: userContext.userId, threadId: userContext.threadId, runId }).agentCompleted({ agentName: 'researcher', result: 'Cold and clear', durationMs: 900, status: 'succeeded' }, { idempotencyKey: 'legacy:agent_completed' });
}

export async function failed(userContext: UserExecutionContext, message: string): Promise<void> {
  const bridge = createAgentWebSocketBridge({ userContext });
  await getDefaultEmitterServer().forRun({ userId: userContext.userId, threadId: userContext.threadId, runId: userContext.runId }).agentCompleted({ agentName: 'researcher', status: 'failed', error: message }, { idempotencyKey: 'legacy:agent_completed' });
  // @unified-ws-migrate-todo(bridge-other-notification): protocol v1 has no run event for this notification; complete the run with agentCompleted({status: 'failed', error}) or send a user event with notifyUser(userId, type, data)
  await bridge.notifyCustom(userContext.runId, 'researcher', 'quota_warning', { left: 3 });
}

export async function generic(userContext: UserExecutionContext, toolName: string): Promise<void> {
  await getDefaultEmitterServer().forRun({ userId: userContext.userId, threadId: userContext.threadId, runId: userContext.runId }).agentThinking({ reasoning: 'Comparing sources', agentName: 'researcher' });
  await getDefaultEmitterServer().forRun({ userId: userContext.userId, threadId: userContext.threadId, runId: userContext.runId }).toolExecuting({ toolName, agentName: 'agent', toolCallId: toolName }, { idempotencyKey: `legacy:tool_executing:${toolName}:1` });
}
