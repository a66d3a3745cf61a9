// WebSocketNotifier takes the context per call; the agent mixin holds its run as runtime state.
import { WebSocketNotifier } from '../services/agent-websocket-bridge.js';
import { AgentWebSocketBridgeAdapter } from '../agents/mixins/websocket-bridge-adapter.js';
import type { UnifiedWebSocketEmitter } from '../websocket-core/unified-emitter.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function notify(emitter: UnifiedWebSocketEmitter, execContext: UserExecutionContext): Promise<void> {
  const notifier = WebSocketNotifier.createForUser(emitter, execContext);
  await notifier.sendAgentStarted(execContext, 'supervisor');
  await notifier.sendAgentThinking(execContext, 'Planning');
}

export async function adapter(agent: AgentWebSocketBridgeAdapter): Promise<void> {
  await agent.emitThinking('Looking things up', 2);
}
