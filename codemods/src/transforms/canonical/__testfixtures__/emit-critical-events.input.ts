// d.14 the five events through a per-call manager, with legacy (snake_case) payloads.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function runAgent(ctx: UserExecutionContext, toolName: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'researcher', status: 'started', timestamp: Date.now() });
  await manager.emitCriticalEvent(ctx.userId, 'agent_thinking', {
    agent_name: 'researcher',
    thought: 'Searching first',
    step_number: 1,
    progress_percentage: 10,
  });
  await manager.emitCriticalEvent(ctx.userId, 'tool_executing', { agent_name: 'researcher', tool_name: toolName, args: { q: 'oslo' } });
  await manager.emitCriticalEvent(ctx.userId, 'tool_completed', { agent_name: 'researcher', tool_name: toolName, result: { hits: 3 }, execution_time_ms: 87 });
  await manager.sendAgentEvent(ctx.userId, 'agent_completed', { agent_name: 'researcher', status: 'completed', result: 'Cold and clear' });
}
