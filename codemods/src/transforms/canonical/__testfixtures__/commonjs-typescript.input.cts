// TypeScript compiled to CommonJS (.cts): an ES import is an error there under
// verbatimModuleSyntax (TS1286), so the emitter is bound with import = require() too.
import factory = require('../websocket-core/websocket-manager-factory.js');
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

async function renamed(ctx: UserExecutionContext, title: string): Promise<void> {
  const manager = await factory.createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'thread_renamed', title });
}

export = renamed;
