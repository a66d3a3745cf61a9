// A module object, and imports already retargeted by a compat run (entry and root).
import { type EmitterServer, getDefaultEmitterServer } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function both(ctx: UserExecutionContext, manager: EmitterServer): Promise<void> {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'ping');
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentThinking({ agentName: 'x', reasoning: 'y' });
  getDefaultEmitterServer().notifyUser(ctx.userId, 'pong');
}
