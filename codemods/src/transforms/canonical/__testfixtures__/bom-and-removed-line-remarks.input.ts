import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js'; // legacy factory, remove in Q3
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

// A byte order mark stays first when the line after it goes, and a remark at the end of a
// removed line goes with it instead of staying behind on a line of its own.
export async function renamed(ctx: UserExecutionContext, title: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx }); /* one per call */
  await manager.sendToUser(ctx.userId, { type: 'thread_renamed', title }); // notify the tab
}
