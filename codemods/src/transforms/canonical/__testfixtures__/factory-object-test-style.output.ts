// d.13 tests, factory-object style.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { getWebSocketManagerFactory } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function scenario(ctx: UserExecutionContext): Promise<Record<string, number>> {
  const factory = getWebSocketManagerFactory();
  // @unified-ws-migrate-todo(unsupported-legacy-method): .resetState() of the legacy manager-factory has no equivalent in @unified-ws/emitter; drop it or rework the code around it
  factory.resetState();
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentStarted({ agentName: 'planner' }, { idempotencyKey: 'legacy:agent_started' });
  // @unified-ws-migrate-todo(unsupported-legacy-method): .getFactoryStats() of the legacy manager-factory has no equivalent in @unified-ws/emitter; drop it or rework the code around it
  return factory.getFactoryStats();
}
