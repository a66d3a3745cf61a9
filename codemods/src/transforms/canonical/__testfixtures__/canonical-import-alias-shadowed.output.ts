// The file imports the canonical server under an alias that a parameter shadows where the
// rewritten call goes: the alias is not reused there, the export is imported under its name.
import { getDefaultEmitterServer as emitter, getDefaultEmitterServer } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export const port = emitter().io.engine.clientsCount;

export async function renamed(ctx: UserExecutionContext, title: string, emitter: string): Promise<string> {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'thread_renamed', { title });
  return emitter;
}
