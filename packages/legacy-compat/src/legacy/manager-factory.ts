import { BoundedMap } from '../core/bounded-map.js';
import { registryLimit } from '../core/config.js';
import { deprecated, quietly } from '../core/deprecation.js';
import { fallbackContext } from '../core/fallback-run.js';
import { readIds, type LegacyContextInput } from '../core/legacy-context.js';
import { isRecord } from '../core/payload-mapping.js';
import { WebSocketManager, type WebSocketManagerOptions } from './websocket-manager.js';

export interface CreateWebSocketManagerOptions {
  userContext?: LegacyContextInput | undefined;
  /** Without a context: the legacy test fallback `{userId, threadId: 'thread_<userId>', runId: 'run_<userId>'}`. */
  userId?: string | undefined;
}

/**
 * `createWebSocketManager(ctx)` — the legacy call that made a fresh, connection-less
 * manager each time. Here it returns a handle onto the shared EmitterServer, so the
 * manager made per call delivers. Takes the options object or the context itself.
 */
export async function createWebSocketManager(
  options?: CreateWebSocketManagerOptions | LegacyContextInput,
): Promise<WebSocketManager> {
  deprecated('createWebSocketManager');
  return managerFor(contextOf(options, 'factory_test'));
}

/** The synchronous variant; throws `TypeError` when given neither a context nor a user id, as legacy did. */
export function createWebSocketManagerSync(options?: CreateWebSocketManagerOptions | LegacyContextInput): WebSocketManager {
  deprecated('createWebSocketManagerSync');
  const userContext = contextOf(options, 'golden_path_test');
  if (!userContext) throw new TypeError('createWebSocketManagerSync requires userContext or userId');
  return managerFor(userContext);
}

/** `getWebSocketManager(ctx?, {mode})`: a handle for the context (none: a handle with no default user). */
export async function getWebSocketManager(
  userContext?: LegacyContextInput,
  options: Pick<WebSocketManagerOptions, 'mode'> = {},
): Promise<WebSocketManager> {
  deprecated('getWebSocketManager');
  return managerFor(userContext, options.mode);
}

/** What the 09-10 factory object offered; tests still call these. */
export interface ManagerFactoryMethods {
  createWebSocketManager(
    options?: CreateWebSocketManagerOptions & { redisClient?: unknown; environment?: string },
  ): Promise<WebSocketManager>;
  /** One handle per `userId:threadId` isolation key, as the 09-10 factory reused its managers: the handle of the context's run. */
  createManager(userContext?: LegacyContextInput): Promise<WebSocketManager>;
  createIsolatedManager(userId: string, connectionId?: string): Promise<WebSocketManager>;
  getManager(isolationKey: string): WebSocketManager | undefined;
  cleanupManager(isolationKey: string): Promise<boolean>;
  generateIsolationKey(userContext: LegacyContextInput): string;
  getFactoryStats(): ManagerFactoryStats;
  /** Always within limits: resolves `true`. */
  enforceResourceLimits(userId?: string): Promise<boolean>;
  forceCleanupUserManagers(userId: string): Promise<number>;
  resetState(): void;
}

export type ManagerFactoryStats = {
  managersCreated: number;
  managersActive: number;
  managersCleaned: number;
  isolationKeys: string[];
};

/**
 * The legacy compatibility factory. Its managers are handles, so "isolation" and resource
 * limits have nothing left to protect; the methods keep their answers consistent.
 */
export class WebSocketManagerFactory implements ManagerFactoryMethods {
  readonly #managers = new BoundedMap<string, WebSocketManager>(registryLimit);
  #created = 0;
  #cleaned = 0;

  constructor() {
    deprecated('WebSocketManagerFactory');
  }

  /** Forwards the context; `redisClient` and `environment` are ignored, as they were. */
  async createWebSocketManager(
    options: CreateWebSocketManagerOptions & { redisClient?: unknown; environment?: string } = {},
  ): Promise<WebSocketManager> {
    deprecated('WebSocketManagerFactory.createWebSocketManager');
    this.#created++;
    return managerFor(contextOf(options, 'factory_test'));
  }

  async createManager(userContext?: LegacyContextInput): Promise<WebSocketManager> {
    deprecated('WebSocketManagerFactory.createManager');
    return this.#track(userContext);
  }

  async createIsolatedManager(userId: string, connectionId?: string): Promise<WebSocketManager> {
    deprecated('WebSocketManagerFactory.createIsolatedManager');
    return this.#track({ ...fallbackContext(userId, 'isolated'), websocketClientId: connectionId });
  }

  getManager(key: string): WebSocketManager | undefined {
    deprecated('WebSocketManagerFactory.getManager');
    return this.#managers.get(key);
  }

  async cleanupManager(key: string): Promise<boolean> {
    deprecated('WebSocketManagerFactory.cleanupManager');
    const removed = this.#managers.delete(key);
    if (removed) this.#cleaned++;
    return removed;
  }

  generateIsolationKey(userContext: LegacyContextInput): string {
    deprecated('WebSocketManagerFactory.generateIsolationKey');
    const key = isolationKey(userContext);
    if (key === undefined) throw new TypeError('generateIsolationKey: the context needs a userId');
    return key;
  }

  getFactoryStats(): ManagerFactoryStats {
    deprecated('WebSocketManagerFactory.getFactoryStats');
    return {
      managersCreated: this.#created,
      managersActive: this.#managers.size,
      managersCleaned: this.#cleaned,
      isolationKeys: [...this.#managers.entries()].map(([key]) => key),
    };
  }

  /** Handles hold no connections or timers, and the handles kept are bounded: always within limits. */
  async enforceResourceLimits(userId?: string): Promise<boolean> {
    deprecated('WebSocketManagerFactory.enforceResourceLimits');
    void userId;
    return true;
  }

  async forceCleanupUserManagers(userId: string): Promise<number> {
    deprecated('WebSocketManagerFactory.forceCleanupUserManagers');
    const keys = [...this.#managers.entries()].filter(([key]) => key.startsWith(`${userId}:`)).map(([key]) => key);
    for (const key of keys) this.#managers.delete(key);
    this.#cleaned += keys.length;
    return keys.length;
  }

  resetState(): void {
    deprecated('WebSocketManagerFactory.resetState');
    this.#managers.clear();
    this.#created = 0;
    this.#cleaned = 0;
  }

  /**
   * The handle of the context's isolation key: the one already made for it, if it is for the
   * same run. A handle speaks for its context's run, so the thread's next run gets a new handle
   * in its place; reusing the old one would send the new run's events to a run that may have
   * completed, where they are deduplicated or refused.
   */
  #track(userContext: LegacyContextInput | undefined): WebSocketManager {
    const key = isolationKey(userContext);
    const existing = key === undefined ? undefined : this.#managers.get(key);
    if (existing && readIds(existing.userContext).runId === readIds(userContext).runId) return existing;
    const manager = managerFor(userContext);
    this.#created++;
    if (key !== undefined) this.#managers.set(key, manager);
    return manager;
  }
}

/** Exported and never used by legacy; kept so imports of it resolve. */
export const factoryInstance: WebSocketManagerFactory | null = null;
/** Exported and never used by legacy (a `threading.Lock()`); kept so imports of it resolve. */
export const factoryLock = { locked: false };

/** What `getWebSocketManagerFactory()` returns: `createWebSocketManager` itself, carrying the factory methods. */
export type LegacyManagerFactory = typeof createWebSocketManager & ManagerFactoryMethods;

let processFactory: LegacyManagerFactory | undefined;

/**
 * Legacy returned the *function* `createWebSocketManager`, yet tests call `.createManager()`
 * on it: the shim's answer is both, one per process.
 */
export function getWebSocketManagerFactory(): LegacyManagerFactory {
  deprecated('getWebSocketManagerFactory');
  if (!processFactory) {
    const factory = quietly(() => new WebSocketManagerFactory());
    // The caller used this object, never the WebSocketManagerFactory class behind it: count and
    // warn under getWebSocketManagerFactory, and let the class's own members stay quiet.
    const member = <T>(name: keyof ManagerFactoryMethods, call: () => T): T => {
      deprecated(`getWebSocketManagerFactory.${name}`);
      return quietly(call);
    };
    // The async members are async arrows, so strict mode rejects them rather than throwing.
    const methods: ManagerFactoryMethods = {
      createWebSocketManager: async (options) => member('createWebSocketManager', () => factory.createWebSocketManager(options)),
      createManager: async (userContext) => member('createManager', () => factory.createManager(userContext)),
      createIsolatedManager: async (userId, connectionId) =>
        member('createIsolatedManager', () => factory.createIsolatedManager(userId, connectionId)),
      getManager: (key) => member('getManager', () => factory.getManager(key)),
      cleanupManager: async (key) => member('cleanupManager', () => factory.cleanupManager(key)),
      generateIsolationKey: (userContext) => member('generateIsolationKey', () => factory.generateIsolationKey(userContext)),
      getFactoryStats: () => member('getFactoryStats', () => factory.getFactoryStats()),
      enforceResourceLimits: async (userId) => member('enforceResourceLimits', () => factory.enforceResourceLimits(userId)),
      forceCleanupUserManagers: async (userId) => member('forceCleanupUserManagers', () => factory.forceCleanupUserManagers(userId)),
      resetState: () => member('resetState', () => factory.resetState()),
    };
    processFactory = Object.assign((options?: CreateWebSocketManagerOptions | LegacyContextInput) => createWebSocketManager(options), methods);
  }
  return processFactory;
}

function managerFor(userContext: LegacyContextInput | undefined, mode?: WebSocketManagerOptions['mode']): WebSocketManager {
  return quietly(() => new WebSocketManager({ userContext, mode }));
}

/**
 * The options object (`{userContext}` / `{userId}`) or a context passed directly. An object
 * naming only a user is the legacy `user_id=` fallback: the context is fabricated as legacy did.
 */
function contextOf(
  input: CreateWebSocketManagerOptions | LegacyContextInput | undefined,
  prefix: string,
): LegacyContextInput | undefined {
  if (!isRecord(input)) return undefined;
  if ('userContext' in input && input.userContext) return input.userContext;
  const ids = readIds(input);
  if (ids.threadId || ids.runId || ids.requestId) return input as LegacyContextInput;
  return ids.userId ? fallbackContext(ids.userId, prefix) : undefined;
}

function isolationKey(userContext: LegacyContextInput | undefined): string | undefined {
  const { userId, threadId } = readIds(userContext);
  return userId ? `${userId}:${threadId ?? 'default'}` : undefined;
}
