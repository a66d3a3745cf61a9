// UnifiedWebSocketEmitter and createTransparentEmitter: context-bound emitters.
import { UnifiedWebSocketEmitter } from '../websocket-core/unified-emitter.js';
import { createTransparentEmitter } from '../services/websocket/transparent-websocket-events.js';
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function viaEmitter(ctx: UserExecutionContext): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  const emitter = new UnifiedWebSocketEmitter(manager, { context: ctx });
  await emitter.emitAgentStarted({ agent_name: 'writer' });
  await emitter.emit('agent_thinking', { agent_name: 'writer', reasoning: 'Outlining' });
  await emitter.notifyToolExecuting('spellcheck');
}

export async function viaTransparent(ctx: UserExecutionContext): Promise<void> {
  const emitter = await createTransparentEmitter(ctx);
  emitter.setUserTier('enterprise');
  await emitter.emitAgentCompleted({ agent_name: 'writer', status: 'success', execution_time_ms: 5 });
}

export async function failedRun(ctx: UserExecutionContext, error: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  const emitter = new UnifiedWebSocketEmitter(manager, { context: ctx });
  await emitter.notifyAgentError(error, { agent_name: 'writer' });
}
