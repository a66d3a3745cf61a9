// Payloads the emitter would reject become markers, never code that throws at run time.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function edgeCases(ctx: UserExecutionContext, base: Record<string, unknown>, failure: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  // @unified-ws-migrate-todo(manager-emit-critical-event): payload field metadata has no place in agent_started (agentName, message, context)
  await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'a', metadata: { tier: 'free' } });
  // @unified-ws-migrate-todo(manager-emit-critical-event): the payload has a spread, computed or method property
  await manager.emitCriticalEvent(ctx.userId, 'agent_thinking', { ...base, reasoning: 'x' });
  // @unified-ws-migrate-todo(manager-emit-critical-event): tool_executing needs agentName, which this call does not carry
  await manager.emitCriticalEvent(ctx.userId, 'tool_executing', { tool_name: 'search' });
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentCompleted({ agentName: 'a', error: failure, status: 'failed' }, { idempotencyKey: 'legacy:agent_completed' });
  // @unified-ws-migrate-todo(manager-emit-critical-event): the completion status 'halted' has no canonical equivalent
  await manager.emitCriticalEvent(ctx.userId, 'agent_completed', { agent_name: 'a', status: 'halted' });
}
