// d.15 tests patch the factory module by path.
import { vi } from 'vitest';

// @unified-ws-migrate-todo(mock-legacy-module): mocks ../websocket-core/websocket-manager-factory.js, which migrated code no longer loads; mock or spy on getDefaultEmitterServer() from @unified-ws/emitter instead
vi.mock('../websocket-core/websocket-manager-factory.js', () => ({
  createWebSocketManager: vi.fn(async () => 'factory_available'),
}));

export const patched = true;
