// Phase 2 over phase 1's output: compat imports are legacy imports too, and those a marked
// site still needs are kept (from the compat package, where phase 1 put them).
import { createWebSocketManager, validateWebSocketComponentHealth } from '@unified-ws/legacy-compat/websocket-manager-factory';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function report(ctx: UserExecutionContext): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'health' });
  console.log(validateWebSocketComponentHealth());
}
