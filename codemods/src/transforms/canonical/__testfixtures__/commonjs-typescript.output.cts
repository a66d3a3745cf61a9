// TypeScript compiled to CommonJS (.cts): an ES import is an error there under
// verbatimModuleSyntax (TS1286), so the emitter is bound with import = require() too.
import unifiedWs = require('@unified-ws/emitter');
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

async function renamed(ctx: UserExecutionContext, title: string): Promise<void> {
  unifiedWs.getDefaultEmitterServer().notifyUser(ctx.userId, 'thread_renamed', { title });
}

export = renamed;
