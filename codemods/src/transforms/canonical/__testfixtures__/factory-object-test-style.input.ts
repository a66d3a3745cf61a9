// d.13 tests, factory-object style.
import { getWebSocketManagerFactory } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function scenario(ctx: UserExecutionContext): Promise<Record<string, number>> {
  const factory = getWebSocketManagerFactory();
  factory.resetState();
  const manager = await factory.createManager(ctx);
  await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'planner' });
  return factory.getFactoryStats();
}
