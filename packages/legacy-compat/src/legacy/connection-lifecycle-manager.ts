import { deprecated } from '../core/deprecation.js';

/** Legacy threshold after which a registered connection counts as stale. */
const STALE_AFTER_MS = 3_600_000;

/**
 * The legacy factory's connection bookkeeping: a local table of `{userId, registeredAt}`.
 * As in legacy it never touches the manager it is given; the EmitterServer tracks the real
 * connections.
 */
export class ConnectionLifecycleManager {
  readonly websocketManager: unknown;
  readonly #connections = new Map<string, { userId: string; registeredAt: number }>();

  constructor(websocketManager?: unknown) {
    deprecated('ConnectionLifecycleManager');
    this.websocketManager = websocketManager;
  }

  async registerConnection(connectionId: string, userId: string): Promise<true> {
    deprecated('ConnectionLifecycleManager.registerConnection');
    this.#connections.set(connectionId, { userId, registeredAt: Date.now() });
    return true;
  }

  async unregisterConnection(connectionId: string): Promise<true> {
    deprecated('ConnectionLifecycleManager.unregisterConnection');
    this.#connections.delete(connectionId);
    return true;
  }

  /** `registeredAt` in epoch milliseconds. */
  getActiveConnections(): Record<string, { userId: string; registeredAt: number }> {
    deprecated('ConnectionLifecycleManager.getActiveConnections');
    return Object.fromEntries([...this.#connections].map(([id, entry]) => [id, { ...entry }]));
  }

  /** Drops connections registered more than an hour ago; resolves how many. */
  async cleanupStaleConnections(): Promise<number> {
    deprecated('ConnectionLifecycleManager.cleanupStaleConnections');
    const cutoff = Date.now() - STALE_AFTER_MS;
    let removed = 0;
    for (const [id, entry] of this.#connections) {
      if (entry.registeredAt < cutoff) {
        this.#connections.delete(id);
        removed++;
      }
    }
    return removed;
  }
}
