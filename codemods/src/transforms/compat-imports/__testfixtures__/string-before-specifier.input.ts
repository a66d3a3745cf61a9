import { expect, it, vi } from 'vitest';

// An earlier string on the line, then a word that is also a module name (manager), then the specifier.
export async function factoryName(): Promise<string> {
  const tag = 'title', { createWebSocketManager: manager } = await import('../websocket-core/websocket-manager-factory.js');
  return `${tag}: ${manager.name}`;
}

vi.mock('./session.js', async () => ({ manager: await vi.importActual('../websocket-core/websocket-manager-factory.js') }));

it('lazily loads it', async () => { const manager = await import('../websocket-core/websocket-manager-factory'); expect(manager).toBeDefined(); });
