// The golden-path agent's shape: an emitter made with the run's context and handed, with that
// context, to a private helper. Inside the helper the context parameter is the run.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { UnifiedWebSocketEmitter } from '../websocket-core/unified-emitter.js';
import type { WebSocketManager } from '../websocket-core/websocket-manager.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export class Agent {
  async execute(context: UserExecutionContext, manager: WebSocketManager): Promise<void> {
    // @unified-ws-migrate-todo(receiver-escapes): emitter is passed to another function; canonical code has no manager objects: pass getDefaultEmitterServer() or a RunEmitter from forRun({userId, threadId, runId}) instead
    const emitter = new UnifiedWebSocketEmitter(manager, { context });
    await getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).agentStarted({ agentName: 'agent_a', context: { step: 'start' } }, { idempotencyKey: 'legacy:agent_started' });
    await this.#runTool(context, emitter, 'search');
    await this.#runTool(context, emitter, 'draft');
  }

  // @unified-ws-migrate-todo(legacy-receiver-type): UnifiedWebSocketEmitter is the type of a legacy emitter, whose values may still come from legacy code; once they do not, type this as RunEmitter from @unified-ws/emitter
  async #runTool(context: UserExecutionContext, emitter: UnifiedWebSocketEmitter, toolName: string): Promise<void> {
    await getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).toolExecuting({ toolName, agentName: 'agent', parameters: { at: context.runId }, toolCallId: toolName }, { idempotencyKey: `legacy:tool_executing:${toolName}:1` });
    getDefaultEmitterServer().forRun({ userId: context.userId, threadId: context.threadId, runId: context.runId }).toolCompleted({ toolName, agentName: 'agent', toolCallId: toolName }, { idempotencyKey: `legacy:tool_completed:${toolName}:1` }).catch(() => undefined);
  }
}

export async function helper(emitter: UnifiedWebSocketEmitter, name: string): Promise<void> {
  // Exported: other files may pass any emitter, so the context stays unknown here.
  // @unified-ws-migrate-todo(emitter-notify-agent-thinking): this emitter is a parameter, and its callers do not all pass it with its user context
  await emitter.notifyAgentThinking({ agentName: name, reasoning: 'exported helpers keep their markers' });
}
