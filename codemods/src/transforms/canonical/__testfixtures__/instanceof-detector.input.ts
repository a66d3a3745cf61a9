// d.16 SSOT-violation detectors: instanceof against legacy classes.
import { WebSocketManagerFactory, FactoryMetrics } from '../websocket-core/websocket-manager-factory.js';

export function isLegacyFactory(value: unknown): boolean {
  return value instanceof WebSocketManagerFactory || value instanceof FactoryMetrics;
}
