import { deprecated, quietly } from '../core/deprecation.js';
import type { LegacyContextInput } from '../core/legacy-context.js';
import type { WebSocketManagerProtocol } from './protocols.js';
import { UnifiedWebSocketEmitter } from './unified-websocket-emitter.js';

export type EmitterPoolStatistics = {
  size: number;
  maxSize: number;
  /** pooled users, oldest first */
  users: string[];
};

/**
 * One emitter per user, at most `maxSize`, oldest evicted first, as legacy did. Emitters
 * hold no resources, so eviction and shutdown lose nothing; the pool only keeps callers'
 * expectations (the same emitter back for the same user).
 */
export class WebSocketEmitterPool {
  readonly manager: WebSocketManagerProtocol | null | undefined;
  readonly maxSize: number;
  readonly #emitters = new Map<string, { emitter: UnifiedWebSocketEmitter; lastUsed: number }>();

  constructor(manager?: WebSocketManagerProtocol | null, options: { maxSize?: number } = {}) {
    deprecated('WebSocketEmitterPool');
    this.manager = manager;
    this.maxSize = Math.max(1, Math.trunc(options.maxSize ?? 100));
  }

  /** The user's emitter (created on first use); a context given here points it at that run. */
  async acquire(userId: string, context?: LegacyContextInput): Promise<UnifiedWebSocketEmitter> {
    deprecated('WebSocketEmitterPool.acquire');
    const entry = this.#emitters.get(userId);
    if (entry) {
      if (context) quietly(() => entry.emitter.setContext(context));
      this.#emitters.delete(userId);
      this.#emitters.set(userId, { emitter: entry.emitter, lastUsed: Date.now() });
      return quietly(() => entry.emitter.acquire());
    }
    const emitter = quietly(() => new UnifiedWebSocketEmitter(this.manager, { userId, context }).acquire());
    this.#emitters.set(userId, { emitter, lastUsed: Date.now() });
    for (const oldest of this.#emitters.keys()) {
      if (this.#emitters.size <= this.maxSize) break;
      this.#emitters.delete(oldest);
    }
    return emitter;
  }

  async release(emitter: UnifiedWebSocketEmitter): Promise<void> {
    deprecated('WebSocketEmitterPool.release');
    quietly(() => emitter.release());
    const entry = this.#emitters.get(emitter.userId);
    if (entry?.emitter === emitter) entry.lastUsed = Date.now();
  }

  /** Drops emitters not in use and unused for `maxAgeMs`; resolves how many. */
  async cleanupInactiveEmitters(maxAgeMs = 300_000): Promise<number> {
    deprecated('WebSocketEmitterPool.cleanupInactiveEmitters');
    const cutoff = Date.now() - maxAgeMs;
    let removed = 0;
    for (const [userId, entry] of this.#emitters) {
      if (!entry.emitter.inUse && entry.lastUsed <= cutoff) {
        this.#emitters.delete(userId);
        removed++;
      }
    }
    return removed;
  }

  getStatistics(): EmitterPoolStatistics {
    deprecated('WebSocketEmitterPool.getStatistics');
    return { size: this.#emitters.size, maxSize: this.maxSize, users: [...this.#emitters.keys()] };
  }

  async shutdown(): Promise<void> {
    deprecated('WebSocketEmitterPool.shutdown');
    this.#emitters.clear();
  }
}
