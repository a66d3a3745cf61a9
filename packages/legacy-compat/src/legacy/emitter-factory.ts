import { deprecated, quietly } from '../core/deprecation.js';
import type { LegacyContextInput } from '../core/legacy-context.js';
import { AuthenticationWebSocketEmitter } from './authentication-emitter.js';
import type { WebSocketManagerProtocol } from './protocols.js';
import { UnifiedWebSocketEmitter } from './unified-websocket-emitter.js';

type Manager = WebSocketManagerProtocol | null | undefined;

/**
 * The legacy emitter factory. Emitters are cheap translators onto the shared server, so each
 * call builds one; the 23 dead batching and circuit-breaker methods are gone.
 */
export class WebSocketEmitterFactory {
  static createEmitter(
    manager: Manager,
    userId: string,
    options: { context?: LegacyContextInput; performanceMode?: boolean } = {},
  ): UnifiedWebSocketEmitter {
    deprecated('WebSocketEmitterFactory.createEmitter');
    return quietly(() => new UnifiedWebSocketEmitter(manager, { userId, ...options }));
  }

  static createScopedEmitter(manager: Manager, context: LegacyContextInput): UnifiedWebSocketEmitter {
    deprecated('WebSocketEmitterFactory.createScopedEmitter');
    return quietly(() => new UnifiedWebSocketEmitter(manager, { context }));
  }

  static createPerformanceEmitter(
    manager: Manager,
    userId: string,
    options: { context?: LegacyContextInput } = {},
  ): UnifiedWebSocketEmitter {
    deprecated('WebSocketEmitterFactory.createPerformanceEmitter');
    return quietly(() => new UnifiedWebSocketEmitter(manager, { userId, context: options.context, performanceMode: true }));
  }

  static createAuthEmitter(
    manager: Manager,
    userId: string,
    options: { context?: LegacyContextInput } = {},
  ): AuthenticationWebSocketEmitter {
    deprecated('WebSocketEmitterFactory.createAuthEmitter');
    return quietly(() => new AuthenticationWebSocketEmitter(manager, { userId, context: options.context }));
  }
}
