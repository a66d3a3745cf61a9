// d.6 services/generation-job-manager: a method the manager never had.
import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function jobUpdate(ctx: UserExecutionContext, jobId: string, status: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  // @ts-expect-error broadcastToJob never existed: the legacy call raised and was logged
  // @unified-ws-migrate-todo(unsupported-legacy-method): .broadcastToJob() of the legacy manager has no equivalent in @unified-ws/emitter; drop it or rework the code around it
  await manager.broadcastToJob(jobId, { jobId, status });
}
