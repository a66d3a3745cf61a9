import { getDefaultEmitterServer } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

// A byte order mark stays first when the line after it goes, and a remark at the end of a
// removed line goes with it instead of staying behind on a line of its own.
export async function renamed(ctx: UserExecutionContext, title: string): Promise<void> {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'thread_renamed', { title }); // notify the tab
}
