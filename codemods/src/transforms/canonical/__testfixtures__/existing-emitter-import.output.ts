// The file already imports from @unified-ws/emitter: names are added to that import.
import { CRITICAL_EVENTS, getDefaultEmitterServer } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export const events = CRITICAL_EVENTS;

export async function hello(ctx: UserExecutionContext): Promise<void> {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'hello');
}
