import { deliverToUser, messageRunId, resolveRun } from '../core/delivery.js';
import { deprecated } from '../core/deprecation.js';
import { swallowing } from '../core/failures.js';
import { readIds, withFallback, type LegacyContextInput } from '../core/legacy-context.js';
import type { LegacyMessage } from '../core/payload-mapping.js';
import { inRunOrder } from '../core/run-tracker.js';
import type { WebSocketManagerProtocol } from './protocols.js';
import { managerIds } from './websocket-manager.js';

/** The data agent's context: a run, and (legacy) the manager of its user. */
export type DataAgentContext = LegacyContextInput & { websocketManager?: WebSocketManagerProtocol | unknown };

/**
 * The data agent's `_emit_websocket_event(context, eventType, data)`. Legacy called the
 * manager with the wrong arity and used `requestId` as the run id; here the event reaches
 * the context's run (`runId`; `requestId` only when the context has no run id), with
 * `thought` read as `reasoning` and `args` as `parameters`. Errors are swallowed, as they
 * were (logged as warnings), and counted.
 */
export async function emitWebSocketEvent(context: DataAgentContext, eventType: string, data: LegacyMessage = {}): Promise<void> {
  deprecated('emitWebSocketEvent');
  await swallowing('emitWebSocketEvent', undefined, () => {
    const given = readIds(context);
    const manager = managerIds(context.websocketManager as WebSocketManagerProtocol | undefined);
    const ids = withFallback({ ...given, runId: given.runId ?? given.requestId }, manager);
    return inRunOrder(messageRunId(data, ids), async (turn) => {
      const userId = ids.userId ?? (await resolveRun(ids)).userId;
      await deliverToUser(userId, eventType, data, 'data-agent', ids, turn);
    });
  });
}
