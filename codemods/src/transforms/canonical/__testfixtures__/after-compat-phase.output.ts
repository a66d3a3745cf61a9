// Phase 2 over phase 1's output: compat imports are legacy imports too, and those a marked
// site still needs are kept (from the compat package, where phase 1 put them).
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { validateWebSocketComponentHealth } from '@unified-ws/legacy-compat/websocket-manager-factory';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function report(ctx: UserExecutionContext): Promise<void> {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'health');
  // @unified-ws-migrate-todo(unmapped-legacy-symbol): validateWebSocketComponentHealth has no equivalent in @unified-ws/emitter; keep it through @unified-ws/legacy-compat/websocket-manager-factory or replace it
  console.log(validateWebSocketComponentHealth());
}
