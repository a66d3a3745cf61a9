// UnifiedWebSocketEmitter and createTransparentEmitter: context-bound emitters.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { UnifiedWebSocketEmitter } from '../websocket-core/unified-emitter.js';
import { createTransparentEmitter } from '../services/websocket/transparent-websocket-events.js';
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function viaEmitter(ctx: UserExecutionContext): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  const emitter = new UnifiedWebSocketEmitter(manager, { context: ctx });
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentStarted({ agentName: 'writer' }, { idempotencyKey: 'agent_started' });
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentThinking({ agentName: 'writer', reasoning: 'Outlining' });
  // @unified-ws-migrate-todo(emitter-notify-tool): this call carries no agent name, which tool events require; call forRun(...).toolExecuting/toolCompleted({agentName, toolName, toolCallId}) where the agent is known
  await emitter.notifyToolExecuting('spellcheck');
}

export async function viaTransparent(ctx: UserExecutionContext): Promise<void> {
  const emitter = await createTransparentEmitter(ctx);
  // @unified-ws-migrate-todo(unsupported-legacy-method): .setUserTier() of the legacy emitter has no equivalent in @unified-ws/emitter; drop it or rework the code around it
  emitter.setUserTier('enterprise');
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentCompleted({ agentName: 'writer', status: 'succeeded', durationMs: 5 }, { idempotencyKey: 'agent_completed' });
}
