// A legacy constant inside an argument that moves into the canonical call is renamed there too.
import { CRITICAL_EVENTS, type AgentEventType, getDefaultEmitterServer } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function announce(ctx: UserExecutionContext, first: AgentEventType): Promise<void> {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'capabilities', { events: CRITICAL_EVENTS, first });
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentStarted({ agentName: CRITICAL_EVENTS[0] }, { idempotencyKey: 'legacy:agent_started' });
}
