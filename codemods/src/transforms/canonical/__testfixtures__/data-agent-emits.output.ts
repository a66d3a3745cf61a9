// The data agent's own emit: legacy field names (thought, args), request id used as run id.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function analyse(context: UserExecutionContext): Promise<void> {
  await getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).agentStarted({ agentName: 'data_agent', message: 'Analysing your data' }, { idempotencyKey: 'legacy:agent_started' });
  await getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).agentThinking({ agentName: 'data_agent', reasoning: 'Profiling columns' });
  await getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).toolExecuting({ agentName: 'data_agent', toolName: 'sql', parameters: { table: 'events' }, toolCallId: 'sql' }, { idempotencyKey: 'legacy:tool_executing:sql:1' });
  await getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).toolCompleted({ agentName: 'data_agent', toolName: 'sql', result: { rows: 12 }, toolCallId: 'sql' }, { idempotencyKey: 'legacy:tool_completed:sql:1' });
  await getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).agentCompleted({ agentName: 'data_agent', result: { insights: 2 }, status: 'succeeded' }, { idempotencyKey: 'legacy:agent_completed' });
}
