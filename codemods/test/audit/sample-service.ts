/**
 * A small service with known numbers: 3 canonical sites, 1 legacy call, 1 duplicate emitter
 * (counted: 60% compliant), and 1 legacy call under a marker (listed, not counted). It sits next
 * to the legacy stubs that `ScratchRepo` copies under `src/`.
 */
export const SAMPLE_SERVICE = {
  'src/services/renamed.ts': `import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function renamed(ctx: UserExecutionContext, title: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'thread_renamed', title });
}
`,
  'src/services/thread.ts': `import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function toThread(ctx: UserExecutionContext): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  // @unified-ws-migrate-todo(manager-send-to-thread): sendToThread() treated the thread id as a user id
  await manager.sendToThread(ctx.threadId, { type: 'x' });
}
`,
  'src/services/run.ts': `import { getDefaultEmitterServer } from '@unified-ws/emitter';

export async function run(ctx: { userId: string; threadId: string; runId: string }): Promise<void> {
  const events = getDefaultEmitterServer().forRun(ctx);
  await events.agentStarted({ agentName: 'a' });
  await events.toolExecuting({ agentName: 'a', toolName: 'search', toolCallId: '1' });
  await events.agentCompleted({ agentName: 'a', status: 'succeeded' });
}
`,
  'src/services/raw.ts': `import type { Socket } from 'socket.io';

export function announce(socket: Socket): void {
  socket.emit('agent_started', { agent_name: 'a' });
}
`,
};
