// d.8 the bridge's createUserEmitter: sync factory, then a scoped emitter on it.
import { createWebSocketManagerSync } from '../websocket-core/websocket-manager-factory.js';
import { WebSocketEmitterFactory } from '../websocket-core/unified-emitter.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function startRun(validated: UserExecutionContext, agentName: string): Promise<void> {
  const manager = createWebSocketManagerSync({ userContext: validated });
  const emitter = WebSocketEmitterFactory.createScopedEmitter(manager, validated);
  await emitter.notifyAgentStarted(agentName, { context: { source: 'chat' } });
  await emitter.notifyAgentThinking({ agentName, thought: 'reading the thread', stepNumber: 1 });
  await emitter.notifyAgentCompleted(agentName, { result: { answer: 42 }, executionTimeMs: 1200 });
}
