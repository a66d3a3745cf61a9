// d.14 the five events through a per-call manager, with legacy (snake_case) payloads.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function runAgent(ctx: UserExecutionContext, toolName: string): Promise<void> {
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentStarted({ agentName: 'researcher' }, { idempotencyKey: 'legacy:agent_started' });
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentThinking({
    agentName: 'researcher',
    reasoning: 'Searching first',
    stepNumber: 1,
    progress: 10,
  });
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).toolExecuting({ agentName: 'researcher', toolName: toolName, parameters: { q: 'oslo' }, toolCallId: toolName }, { idempotencyKey: `legacy:tool_executing:${toolName}:1` });
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).toolCompleted({ agentName: 'researcher', toolName: toolName, result: { hits: 3 }, durationMs: 87, toolCallId: toolName }, { idempotencyKey: `legacy:tool_completed:${toolName}:1` });
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentCompleted({ agentName: 'researcher', status: 'succeeded', result: 'Cold and clear' }, { idempotencyKey: 'legacy:agent_completed' });
}
