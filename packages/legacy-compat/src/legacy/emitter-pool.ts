import { deprecated, quietly } from '../core/deprecation.js';
import type { LegacyContextInput } from '../core/legacy-context.js';
import { UnifiedWebSocketEmitter } from './unified-websocket-emitter.js';
import type { WebSocketManager } from './websocket-manager.js';

export interface EmitterPoolStatistics {
  poolSize: number;
  maxSize: number;
  acquired: number;
  created: number;
  evicted: number;
  cleaned: number;
}

/**
 * One emitter per user, at most `maxSize`, oldest evicted first, as legacy did. Emitters
 * hold no resources, so eviction and shutdown lose nothing; the pool only keeps callers'
 * expectations (the same emitter back for the same user).
 */
export class WebSocketEmitterPool {
  readonly manager: WebSocketManager | null | undefined;
  readonly maxSize: number;
  readonly #emitters = new Map<string, { emitter: UnifiedWebSocketEmitter; lastUsed: number }>();
  readonly #stats = { acquired: 0, created: 0, evicted: 0, cleaned: 0 };

  constructor(manager?: WebSocketManager | null, options: { maxSize?: number } = {}) {
    deprecated('WebSocketEmitterPool');
    this.manager = manager;
    this.maxSize = Math.max(1, Math.trunc(options.maxSize ?? 100));
  }

  /** The user's emitter (created on first use); a context given here points it at that run. */
  async acquire(userId: string, context?: LegacyContextInput): Promise<UnifiedWebSocketEmitter> {
    deprecated('WebSocketEmitterPool.acquire');
    this.#stats.acquired++;
    const entry = this.#emitters.get(userId);
    if (entry) {
      if (context) quietly(() => entry.emitter.setContext(context));
      this.#emitters.delete(userId);
      this.#emitters.set(userId, { emitter: entry.emitter, lastUsed: Date.now() });
      return entry.emitter;
    }
    const emitter = quietly(() => new UnifiedWebSocketEmitter(this.manager, { userId, context }));
    this.#stats.created++;
    this.#emitters.set(userId, { emitter, lastUsed: Date.now() });
    for (const oldest of this.#emitters.keys()) {
      if (this.#emitters.size <= this.maxSize) break;
      this.#emitters.delete(oldest);
      this.#stats.evicted++;
    }
    return emitter;
  }

  async release(emitter: UnifiedWebSocketEmitter): Promise<void> {
    deprecated('WebSocketEmitterPool.release');
    const entry = this.#emitters.get(emitter.userId);
    if (entry?.emitter === emitter) entry.lastUsed = Date.now();
  }

  /** Drops emitters unused for `maxAgeSeconds`; resolves how many. */
  async cleanupInactiveEmitters(maxAgeSeconds = 300): Promise<number> {
    deprecated('WebSocketEmitterPool.cleanupInactiveEmitters');
    const cutoff = Date.now() - maxAgeSeconds * 1000;
    let removed = 0;
    for (const [userId, entry] of this.#emitters) {
      if (entry.lastUsed < cutoff) {
        this.#emitters.delete(userId);
        removed++;
      }
    }
    this.#stats.cleaned += removed;
    return removed;
  }

  getStatistics(): EmitterPoolStatistics {
    deprecated('WebSocketEmitterPool.getStatistics');
    return { poolSize: this.#emitters.size, maxSize: this.maxSize, ...this.#stats };
  }

  async shutdown(): Promise<void> {
    deprecated('WebSocketEmitterPool.shutdown');
    this.#emitters.clear();
  }
}
