// WebSocketNotifier takes the context per call; the agent mixin holds its run as runtime state.
import { getDefaultEmitterServer } from '@unified-ws/emitter';
import { WebSocketNotifier } from '../services/agent-websocket-bridge.js';
import type { AgentWebSocketBridgeAdapter } from '../agents/mixins/websocket-bridge-adapter.js';
import type { UnifiedWebSocketEmitter } from '../websocket-core/unified-emitter.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function notify(emitter: UnifiedWebSocketEmitter, execContext: UserExecutionContext): Promise<void> {
  const notifier = WebSocketNotifier.createForUser(emitter, execContext);
  await getDefaultEmitterServer().forRun({ userId: execContext.userId, threadId: execContext.threadId, runId: execContext.runId }).agentStarted({ agentName: 'supervisor' }, { idempotencyKey: 'legacy:agent_started' });
  // @unified-ws-migrate-todo(notifier-send-other): this notifier call carries no agent name, which the event requires; call getDefaultEmitterServer().forRun(ctx).<event>({agentName, ...}) where the agent is known
  await notifier.sendAgentThinking(execContext, 'Planning');
}

export async function adapter(agent: AgentWebSocketBridgeAdapter): Promise<void> {
  // @unified-ws-migrate-todo(bridge-adapter-emit): the adapter's run and agent are set at runtime by setWebSocketBridge(); give the agent a RunEmitter from getDefaultEmitterServer().forRun({userId, threadId, runId}) and call its methods
  await agent.emitThinking('Looking things up', 2);
}
