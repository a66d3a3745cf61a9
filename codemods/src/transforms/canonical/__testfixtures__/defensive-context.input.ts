// d.9 services/unified-authentication-service: no canonical equivalent, kept with a marker.
import { createDefensiveUserExecutionContext } from '../websocket-core/websocket-manager-factory.js';

export function handshakeContext(userId: string, connectionId: string | undefined) {
  try {
    return createDefensiveUserExecutionContext(userId, { websocketClientId: connectionId });
  } catch {
    return createDefensiveUserExecutionContext(userId);
  }
}
