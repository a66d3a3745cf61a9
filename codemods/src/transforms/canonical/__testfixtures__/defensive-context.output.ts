// d.9 services/unified-authentication-service: no canonical equivalent, kept with a marker.
import { createDefensiveUserExecutionContext } from '../websocket-core/websocket-manager-factory.js';

export function handshakeContext(userId: string, connectionId: string | undefined) {
  try {
    // @unified-ws-migrate-todo(unmapped-legacy-symbol): createDefensiveUserExecutionContext has no equivalent in @unified-ws/emitter; keep it through @unified-ws/legacy-compat/websocket-manager-factory or replace it
    return createDefensiveUserExecutionContext(userId, { websocketClientId: connectionId });
  } catch {
    // @unified-ws-migrate-todo(unmapped-legacy-symbol): createDefensiveUserExecutionContext has no equivalent in @unified-ws/emitter; keep it through @unified-ws/legacy-compat/websocket-manager-factory or replace it
    return createDefensiveUserExecutionContext(userId);
  }
}
