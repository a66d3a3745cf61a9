// d.8 the bridge's createUserEmitter: sync factory, then a scoped emitter on it.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function startRun(validated: UserExecutionContext, agentName: string): Promise<void> {
  await getDefaultEmitterServer().forRun({ userId: validated.userId, threadId: validated.threadId, runId: validated.runId }).agentStarted({ agentName, context: { source: 'chat' } }, { idempotencyKey: 'legacy:agent_started' });
  await getDefaultEmitterServer().forRun({ userId: validated.userId, threadId: validated.threadId, runId: validated.runId }).agentThinking({ agentName, reasoning: 'reading the thread', stepNumber: 1 });
  await getDefaultEmitterServer().forRun({ userId: validated.userId, threadId: validated.threadId, runId: validated.runId }).agentCompleted({ agentName, result: { answer: 42 }, durationMs: 1200, status: 'succeeded' }, { idempotencyKey: 'legacy:agent_completed' });
}
