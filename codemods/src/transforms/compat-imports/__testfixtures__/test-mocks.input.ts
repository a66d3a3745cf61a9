import { vi } from 'vitest';

vi.mock('../websocket-core/websocket-manager-factory.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../websocket-core/websocket-manager-factory.js')>()),
  createWebSocketManager: vi.fn(),
}));
vi.doMock('../services/agent-websocket-bridge.js');

export async function loadReal() {
  return vi.importActual<typeof import('../websocket-core/unified-emitter.js')>('../websocket-core/unified-emitter.js');
}
