import { deprecated, quietly } from '../core/deprecation.js';
import type { LegacyContextInput } from '../core/legacy-context.js';
import { AuthenticationWebSocketEmitter } from './authentication-emitter.js';
import { UnifiedWebSocketEmitter } from './unified-websocket-emitter.js';
import type { WebSocketManager } from './websocket-manager.js';

/**
 * The legacy emitter factory. Emitters are cheap translators onto the shared server, so each
 * call builds one; the 23 dead batching and circuit-breaker methods are gone.
 */
export class WebSocketEmitterFactory {
  static createEmitter(
    manager: WebSocketManager | null | undefined,
    userId: string,
    context?: LegacyContextInput,
    performanceMode = false,
  ): UnifiedWebSocketEmitter {
    deprecated('WebSocketEmitterFactory.createEmitter');
    return quietly(() => new UnifiedWebSocketEmitter(manager, { userId, context, performanceMode }));
  }

  static createScopedEmitter(manager: WebSocketManager | null | undefined, context: LegacyContextInput): UnifiedWebSocketEmitter {
    deprecated('WebSocketEmitterFactory.createScopedEmitter');
    return quietly(() => new UnifiedWebSocketEmitter(manager, { context }));
  }

  static createPerformanceEmitter(
    manager: WebSocketManager | null | undefined,
    userId: string,
    context?: LegacyContextInput,
  ): UnifiedWebSocketEmitter {
    deprecated('WebSocketEmitterFactory.createPerformanceEmitter');
    return quietly(() => new UnifiedWebSocketEmitter(manager, { userId, context, performanceMode: true }));
  }

  static createAuthEmitter(
    manager: WebSocketManager | null | undefined,
    userId: string,
    context?: LegacyContextInput,
  ): AuthenticationWebSocketEmitter {
    deprecated('WebSocketEmitterFactory.createAuthEmitter');
    return quietly(() => new AuthenticationWebSocketEmitter(manager, userId, context));
  }
}
