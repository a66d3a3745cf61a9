// The file already declares the canonical server's name for something else (a local function,
// a parameter): the import takes an alias, or the output would not compile or would call the
// wrong function.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

function getDefaultEmitterServer(): string {
  return 'the app server';
}

export async function renamed(ctx: UserExecutionContext, title: string): Promise<string> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'thread_renamed', title });
  return getDefaultEmitterServer();
}

export async function retitled(ctx: UserExecutionContext, title: string, getDefaultEmitterServer2: () => number): Promise<number> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'thread_retitled', title });
  return getDefaultEmitterServer2();
}
