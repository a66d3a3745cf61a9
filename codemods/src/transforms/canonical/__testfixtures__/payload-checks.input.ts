// Payloads the emitter would reject become markers, never code that throws at run time.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function edgeCases(ctx: UserExecutionContext, base: Record<string, unknown>, failure: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'a', metadata: { tier: 'free' } });
  await manager.emitCriticalEvent(ctx.userId, 'agent_thinking', { ...base, reasoning: 'x' });
  await manager.emitCriticalEvent(ctx.userId, 'tool_executing', { tool_name: 'search' });
  await manager.emitCriticalEvent(ctx.userId, 'agent_completed', { agent_name: 'a', error: failure });
  await manager.emitCriticalEvent(ctx.userId, 'agent_completed', { agent_name: 'a', status: 'halted' });
}
