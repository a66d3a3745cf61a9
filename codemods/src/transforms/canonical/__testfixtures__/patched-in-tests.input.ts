// d.15 tests patch the factory module by path.
import { vi } from 'vitest';

vi.mock('../websocket-core/websocket-manager-factory.js', () => ({
  createWebSocketManager: vi.fn(async () => 'factory_available'),
}));

export const patched = true;
