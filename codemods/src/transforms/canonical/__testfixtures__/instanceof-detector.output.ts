// d.16 SSOT-violation detectors: instanceof against legacy classes.
import { WebSocketManagerFactory, FactoryMetrics } from '../websocket-core/websocket-manager-factory.js';

export function isLegacyFactory(value: unknown): boolean {
  // @unified-ws-migrate-todo(instanceof-legacy): WebSocketManagerFactory has no canonical class to test against; check the capability you need instead
  return value instanceof WebSocketManagerFactory || value instanceof FactoryMetrics;
}
