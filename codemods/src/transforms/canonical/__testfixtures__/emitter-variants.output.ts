// UnifiedWebSocketEmitter and createTransparentEmitter: context-bound emitters.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { createTransparentEmitter } from '../services/websocket/transparent-websocket-events.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function viaEmitter(ctx: UserExecutionContext): Promise<void> {
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentStarted({ agentName: 'writer' }, { idempotencyKey: 'legacy:agent_started' });
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentThinking({ agentName: 'writer', reasoning: 'Outlining' });
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).toolExecuting({ toolName: 'spellcheck', agentName: 'agent', toolCallId: 'spellcheck' }, { idempotencyKey: 'legacy:tool_executing:spellcheck:1' });
}

export async function viaTransparent(ctx: UserExecutionContext): Promise<void> {
  const emitter = await createTransparentEmitter(ctx);
  // @unified-ws-migrate-todo(unsupported-legacy-method): .setUserTier() of the legacy emitter has no equivalent in @unified-ws/emitter; drop it or rework the code around it
  emitter.setUserTier('enterprise');
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentCompleted({ agentName: 'writer', status: 'succeeded', durationMs: 5 }, { idempotencyKey: 'legacy:agent_completed' });
}

export async function failedRun(ctx: UserExecutionContext, error: string): Promise<void> {
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentCompleted({ agentName: 'writer', status: 'failed', error }, { idempotencyKey: 'legacy:agent_completed' });
}
