import type { LegacySymbol } from '../core/catalog.js';
import { LEGACY_CLASS, deprecated } from '../core/deprecation.js';
import { swallowing } from '../core/failures.js';
import { emitterServer } from '../core/server.js';
import { localSocketCount } from '../core/presence.js';
import type { LegacyMessage } from '../core/payload-mapping.js';
import type { WebSocketManagerProtocol } from './protocols.js';
import { UnifiedWebSocketEmitter, type UnifiedWebSocketEmitterOptions } from './unified-websocket-emitter.js';

export type AuthStats = {
  userId: string;
  authEventsSent: number;
};

/**
 * The auth-path emitter. Auth events (`auth_started`, `auth_completed`, …) belong to no run,
 * so each goes out once as `notifyUser(userId, eventType, data)`: no retries with jitter,
 * and no stub fallback channel that always failed.
 */
export class AuthenticationWebSocketEmitter extends UnifiedWebSocketEmitter {
  static override readonly [LEGACY_CLASS]: LegacySymbol = 'AuthenticationWebSocketEmitter';
  #sent = 0;

  constructor(manager: WebSocketManagerProtocol | null | undefined, options: UnifiedWebSocketEmitterOptions = {}) {
    deprecated('AuthenticationWebSocketEmitter');
    super(manager, options);
  }

  async emitAuthEvent(eventType: string, data: LegacyMessage = {}): Promise<boolean> {
    deprecated('AuthenticationWebSocketEmitter.emitAuthEvent');
    const sent = await swallowing('AuthenticationWebSocketEmitter.emitAuthEvent', false, async () => {
      emitterServer().notifyUser(this.userId, eventType, data);
      return true;
    });
    if (sent) this.#sent++;
    return sent;
  }

  /** True when the user has a live socket on this node. */
  async ensureAuthConnectionHealth(): Promise<boolean> {
    deprecated('AuthenticationWebSocketEmitter.ensureAuthConnectionHealth');
    return localSocketCount(this.userId) > 0;
  }

  getAuthStats(): AuthStats {
    deprecated('AuthenticationWebSocketEmitter.getAuthStats');
    return { userId: this.userId, authEventsSent: this.#sent };
  }
}
