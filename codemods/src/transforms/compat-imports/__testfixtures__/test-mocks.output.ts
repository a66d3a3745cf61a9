import { vi } from 'vitest';

vi.mock('@unified-ws/legacy-compat/websocket-manager-factory', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@unified-ws/legacy-compat/websocket-manager-factory')>()),
  createWebSocketManager: vi.fn(),
}));
vi.doMock('@unified-ws/legacy-compat/agent-websocket-bridge');

export async function loadReal() {
  return vi.importActual<typeof import('@unified-ws/legacy-compat/unified-emitter')>('@unified-ws/legacy-compat/unified-emitter');
}
