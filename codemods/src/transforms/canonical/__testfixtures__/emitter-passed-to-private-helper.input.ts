// The golden-path agent's shape: an emitter made with the run's context and handed, with that
// context, to a private helper. Inside the helper the context parameter is the run.
import { UnifiedWebSocketEmitter } from '../websocket-core/unified-emitter.js';
import type { WebSocketManager } from '../websocket-core/websocket-manager.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export class Agent {
  async execute(context: UserExecutionContext, manager: WebSocketManager): Promise<void> {
    const emitter = new UnifiedWebSocketEmitter(manager, { context });
    await emitter.notifyAgentStarted('agent_a', { context: { step: 'start' } });
    await this.#runTool(context, emitter, 'search');
    await this.#runTool(context, emitter, 'draft');
  }

  async #runTool(context: UserExecutionContext, emitter: UnifiedWebSocketEmitter, toolName: string): Promise<void> {
    await emitter.notifyToolExecuting(toolName, { metadata: { parameters: { at: context.runId } } });
    emitter.notifyToolCompleted(toolName).catch(() => undefined);
  }
}

export async function helper(emitter: UnifiedWebSocketEmitter, name: string): Promise<void> {
  // Exported: other files may pass any emitter, so the context stays unknown here.
  await emitter.notifyAgentThinking({ agentName: name, reasoning: 'exported helpers keep their markers' });
}
