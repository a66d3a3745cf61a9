import { expect, it, vi } from 'vitest';

// An earlier string on the line, then a word that is also a module name (manager), then the specifier.
export async function factoryName(): Promise<string> {
  const tag = 'title', { createWebSocketManager: manager } = await import('@unified-ws/legacy-compat/websocket-manager-factory');
  return `${tag}: ${manager.name}`;
}

vi.mock('./session.js', async () => ({ manager: await vi.importActual('@unified-ws/legacy-compat/websocket-manager-factory') }));

it('lazily loads it', async () => { const manager = await import('@unified-ws/legacy-compat/websocket-manager-factory'); expect(manager).toBeDefined(); });
