// d.18 executor phases reported as tool events.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { notifyPhaseError, type ExecutionContext, type ExecutionPhase } from '../agents/base/executor.js';

export async function runPhase(phase: ExecutionPhase, context: ExecutionContext, work: () => Promise<void>): Promise<void> {
  await getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).toolExecuting({ agentName: context.agentName ?? 'agent', toolName: phase.name, toolCallId: phase.name }, { idempotencyKey: `legacy:tool_executing:${phase.name}:1` });
  try {
    await work();
    await getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).toolCompleted({ agentName: context.agentName ?? 'agent', toolName: phase.name, toolCallId: phase.name }, { idempotencyKey: `legacy:tool_completed:${phase.name}:1` });
  } catch (error) {
    // @unified-ws-migrate-todo(executor-phase-error): the phase error was sent as an agent error through a method the manager never had; report it with forRun({userId, threadId, runId}).toolCompleted({agentName, toolName, toolCallId, error: String(error)})
    await notifyPhaseError(phase, context, error);
  }
}
