// d.18 executor phases reported as tool events.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { type ExecutionContext, type ExecutionPhase } from '../agents/base/executor.js';

// @unified-ws-migrate-todo(unmapped-legacy-symbol): ExecutionContext has no equivalent in @unified-ws/emitter; keep it through @unified-ws/legacy-compat/executor or replace it
export async function runPhase(phase: ExecutionPhase, context: ExecutionContext, work: () => Promise<void>): Promise<void> {
  await getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).toolExecuting({ agentName: context.agentName, toolName: phase.name, toolCallId: phase.name }, { idempotencyKey: `tool_executing:${phase.name}` });
  try {
    await work();
    await getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).toolCompleted({ agentName: context.agentName, toolName: phase.name, toolCallId: phase.name }, { idempotencyKey: `tool_completed:${phase.name}` });
  } catch (error) {
    await getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).toolCompleted({ agentName: context.agentName, toolName: phase.name, error: String(error), toolCallId: phase.name }, { idempotencyKey: `tool_completed:${phase.name}` });
  }
}
