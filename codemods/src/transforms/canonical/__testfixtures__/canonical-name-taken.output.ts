// The file already declares the canonical server's name for something else (a local function,
// a parameter): the import takes an alias, or the output would not compile or would call the
// wrong function.
import { getDefaultEmitterServer as getDefaultEmitterServer3 } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

function getDefaultEmitterServer(): string {
  return 'the app server';
}

export async function renamed(ctx: UserExecutionContext, title: string): Promise<string> {
  getDefaultEmitterServer3().notifyUser(ctx.userId, 'thread_renamed', { title });
  return getDefaultEmitterServer();
}

export async function retitled(ctx: UserExecutionContext, title: string, getDefaultEmitterServer2: () => number): Promise<number> {
  getDefaultEmitterServer3().notifyUser(ctx.userId, 'thread_retitled', { title });
  return getDefaultEmitterServer2();
}
