// Statements that do not start their line: the marker goes above the line, and a second run finds it there.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function route(ctx: UserExecutionContext, kind: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  switch (kind) {
    case 'thread': await manager.sendToThread(ctx.threadId, { type: 'x' }); break;
    default: break;
  }
}

export async function toAll(ctx: UserExecutionContext, threads: string[]): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  for (const t of threads) { await manager.sendToThread(t, { type: 'x' }); }
}

export async function pick(ctx: UserExecutionContext, one: boolean): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  if (one) {
    console.log('one');
  } else { await manager.sendToThread(ctx.threadId, { type: 'x' }); }
}
