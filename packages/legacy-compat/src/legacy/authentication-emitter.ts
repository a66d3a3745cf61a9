import { deprecated } from '../core/deprecation.js';
import { swallowing } from '../core/failures.js';
import type { LegacyContextInput } from '../core/legacy-context.js';
import { emitterServer } from '../core/server.js';
import { localSocketCount } from '../core/presence.js';
import type { LegacyMessage } from '../core/payload-mapping.js';
import { UnifiedWebSocketEmitter } from './unified-websocket-emitter.js';
import type { WebSocketManager } from './websocket-manager.js';

export interface AuthStats {
  userId: string;
  authEventsSent: number;
  authEventsFailed: number;
  /** sockets of the user on this node's EmitterServer */
  liveSockets: number;
}

/**
 * The auth-path emitter. Auth events (`auth_started`, `auth_completed`, …) belong to no run,
 * so each goes out once as `notifyUser(userId, eventType, data)`: no retries with jitter,
 * and no stub fallback channel that always failed.
 */
export class AuthenticationWebSocketEmitter extends UnifiedWebSocketEmitter {
  #sent = 0;
  #failed = 0;

  constructor(manager: WebSocketManager | null | undefined, userId: string, context?: LegacyContextInput) {
    deprecated('AuthenticationWebSocketEmitter');
    super(manager, { userId, context });
  }

  async emitAuthEvent(eventType: string, data: LegacyMessage = {}): Promise<boolean> {
    deprecated('AuthenticationWebSocketEmitter.emitAuthEvent');
    const sent = await swallowing('AuthenticationWebSocketEmitter.emitAuthEvent', false, async () => {
      emitterServer().notifyUser(this.userId, eventType, data);
      return true;
    });
    if (sent) this.#sent++;
    else this.#failed++;
    return sent;
  }

  /** True when the user has a live socket on this node. */
  async ensureAuthConnectionHealth(): Promise<boolean> {
    deprecated('AuthenticationWebSocketEmitter.ensureAuthConnectionHealth');
    return localSocketCount(this.userId) > 0;
  }

  getAuthStats(): AuthStats {
    deprecated('AuthenticationWebSocketEmitter.getAuthStats');
    return {
      userId: this.userId,
      authEventsSent: this.#sent,
      authEventsFailed: this.#failed,
      liveSockets: localSocketCount(this.userId),
    };
  }
}
