// The data agent's own emit: legacy field names (thought, args), request id used as run id.
import { emitWebSocketEvent } from '../agents/data/unified-data-agent.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function analyse(context: UserExecutionContext): Promise<void> {
  await emitWebSocketEvent(context, 'agent_started', { agent_name: 'data_agent', message: 'Analysing your data' });
  await emitWebSocketEvent(context, 'agent_thinking', { agent_name: 'data_agent', thought: 'Profiling columns' });
  await emitWebSocketEvent(context, 'tool_executing', { agent_name: 'data_agent', tool_name: 'sql', args: { table: 'events' } });
  await emitWebSocketEvent(context, 'tool_completed', { agent_name: 'data_agent', tool_name: 'sql', result: { rows: 12 } });
  await emitWebSocketEvent(context, 'agent_completed', { agent_name: 'data_agent', result: { insights: 2 } });
}
