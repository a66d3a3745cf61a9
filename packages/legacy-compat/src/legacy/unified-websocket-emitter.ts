import { CRITICAL_EVENTS, isCriticalEventType, type AgentEventType, type Usage } from '@unified-ws/emitter';
import { learn } from '../core/context-registry.js';
import { deliverRunEvent, deliverToUser } from '../core/delivery.js';
import type { LegacySymbol } from '../core/catalog.js';
import { LEGACY_CLASS, deprecated, quietly, type LegacyApi } from '../core/deprecation.js';
import { swallowing } from '../core/failures.js';
import { mergeIds, readIds, type ContextIds, type LegacyContextInput } from '../core/legacy-context.js';
import {
  DEFAULT_REASONING,
  count,
  errorText,
  isRecord,
  look,
  name,
  percent,
  toLegacyEvent,
  type LegacyEvent,
  type LegacyMessage,
} from '../core/payload-mapping.js';
import type { WebSocketManagerProtocol } from './protocols.js';
import { managerIds } from './websocket-manager.js';

export { CRITICAL_EVENTS };
export type CriticalEventType = AgentEventType;
export const AUTHENTICATION_CRITICAL_EVENTS = ['auth_started', 'auth_validating', 'auth_completed', 'auth_failed'] as const;
export type AuthenticationEventType = (typeof AUTHENTICATION_CRITICAL_EVENTS)[number];

/**
 * The legacy retry constants. Nothing in the shim retries (the emitter accepts or refuses an
 * event at once, and replays it on reconnect); they are exported so imports of them resolve.
 */
export const MAX_RETRIES = 3;
export const MAX_CRITICAL_RETRIES = 5;
export const RETRY_BASE_DELAY_MS = 100;
export const RETRY_MAX_DELAY_MS = 2000;
export const FAST_MODE_MAX_RETRIES = 1;
export const FAST_MODE_BASE_DELAY_MS = 1;
export const FAST_MODE_MAX_DELAY_MS = 10;

export const USER_TIERS = ['free', 'early', 'mid', 'enterprise'] as const;
export type UserTier = (typeof USER_TIERS)[number];

export interface UnifiedWebSocketEmitterOptions {
  /** taken from `context` (then the manager's context) when missing */
  userId?: string | undefined;
  context?: LegacyContextInput | undefined;
  /** kept for `getStats()`; there are no retries or batches left to tune */
  performanceMode?: boolean | undefined;
  /** the legacy keyword name of the first argument */
  websocketManager?: WebSocketManagerProtocol | undefined;
}

export interface TokenMetrics {
  totalOperations: number;
  totalInputTokens: number;
  totalOutputTokens: number;
  totalCost: number;
  averageInputTokens: number;
  averageOutputTokens: number;
  averageCost: number;
}

export type EmitterStats = {
  eventsSent: number;
  eventsFailed: number;
  /** always 0: nothing is retried */
  retries: number;
  createdAt: string;
  userId: string;
  userTier: UserTier;
  performanceMode: boolean;
};

const contexts = new WeakMap<object, ContextIds>();

/** @internal the user, thread and run an emitter speaks for. */
export function emitterIds(emitter: object | null | undefined): ContextIds {
  return (emitter && contexts.get(emitter)) ?? {};
}

/**
 * "THE ONLY emitter" of the legacy layer, now a thin translator onto
 * `getDefaultEmitterServer().forRun(context)`. No batch task, no retries, nothing to leak:
 * `cleanup()` has nothing to cancel. Every `emit*`/`notify*` resolves `true` once the event
 * is accepted and `false` when it was refused (counted), instead of legacy's `None`.
 *
 * The run is the emitter's context (or its manager's); an emitter without one can still
 * send custom messages, and its run events fail with `no_run_context` unless the data
 * carries `run_id` and `thread_id`. Also exported as `WebSocketEventEmitter`,
 * `UserWebSocketEmitter`, `IsolatedWebSocketEventEmitter`, `TransparentWebSocketEmitter`.
 */
export class UnifiedWebSocketEmitter {
  readonly manager: WebSocketManagerProtocol | undefined;
  readonly userId: string;
  readonly performanceMode: boolean;
  #context: LegacyContextInput | undefined;
  /** its user first, then the context's (or its manager's) thread and run */
  #ids: ContextIds = {};
  #tier: UserTier = 'free';
  #tierSet = false;
  readonly #tokens = { operations: 0, input: 0, output: 0, cost: 0 };
  /** tokens counted since the last agent_completed: they become its `usage` */
  #pendingUsage: Usage | undefined;
  readonly #stats = { sent: 0, failed: 0, createdAt: new Date().toISOString(), inUse: false };
  static readonly [LEGACY_CLASS]: LegacySymbol = 'UnifiedWebSocketEmitter';
  /** what the members of this instance count and warn as: the catalog symbol of the class the caller constructed */
  readonly #symbol: LegacySymbol;

  constructor(manager?: WebSocketManagerProtocol | null, options: UnifiedWebSocketEmitterOptions = {}) {
    if (new.target === UnifiedWebSocketEmitter) deprecated('UnifiedWebSocketEmitter');
    this.#symbol = new.target[LEGACY_CLASS];
    this.manager = manager ?? options.websocketManager;
    const userId = options.userId ?? readIds(options.context).userId ?? managerIds(this.manager).userId;
    if (!userId) throw new TypeError('UnifiedWebSocketEmitter needs a userId, a context with one, or a manager with one');
    this.userId = userId;
    this.performanceMode = options.performanceMode ?? false;
    this.#point(options.context);
  }

  // --- the five events, from legacy data dicts (shape F, N or D; snake_case or camelCase) ---

  async emitAgentStarted(data: LegacyMessage = {}): Promise<boolean> {
    const api = this.#api('emitAgentStarted');
    deprecated(api);
    return this.#emitData(api, 'agent_started', data);
  }

  async emitAgentThinking(data: LegacyMessage = {}): Promise<boolean> {
    const api = this.#api('emitAgentThinking');
    deprecated(api);
    return this.#emitData(api, 'agent_thinking', data);
  }

  async emitToolExecuting(data: LegacyMessage = {}): Promise<boolean> {
    const api = this.#api('emitToolExecuting');
    deprecated(api);
    return this.#emitData(api, 'tool_executing', data);
  }

  async emitToolCompleted(data: LegacyMessage = {}): Promise<boolean> {
    const api = this.#api('emitToolCompleted');
    deprecated(api);
    return this.#emitData(api, 'tool_completed', data);
  }

  async emitAgentCompleted(data: LegacyMessage = {}): Promise<boolean> {
    const api = this.#api('emitAgentCompleted');
    deprecated(api);
    return this.#emitData(api, 'agent_completed', data);
  }

  /** The five run events go to the run; any other type is a custom message to the user. */
  async emit(eventType: string, data: LegacyMessage = {}): Promise<boolean> {
    const api = this.#api('emit');
    deprecated(api);
    return isCriticalEventType(eventType)
      ? this.#emitData(api, eventType, data)
      : this.#custom(api, eventType, data);
  }

  // --- the legacy notify_* helpers ---

  async notifyAgentStarted(
    agentName: string,
    options: { metadata?: Record<string, unknown>; context?: Record<string, unknown> } = {},
  ): Promise<boolean> {
    const api = this.#api('notifyAgentStarted');
    deprecated(api);
    const context = { ...options.metadata, ...options.context };
    return this.#emitEvent(api, {
      type: 'agent_started',
      agentName,
      context: Object.keys(context).length > 0 ? context : undefined,
    });
  }

  async notifyAgentThinking(
    options: {
      agentName?: string;
      reasoning?: string;
      thought?: string;
      stepNumber?: number;
      metadata?: Record<string, unknown>;
    } = {},
  ): Promise<boolean> {
    const api = this.#api('notifyAgentThinking');
    deprecated(api);
    return this.#emitEvent(api, {
      type: 'agent_thinking',
      agentName: options.agentName ?? name(look(options.metadata, 'agent_name', 'agentName')),
      reasoning: options.reasoning || options.thought || DEFAULT_REASONING,
      stepNumber: options.stepNumber ?? count(look(options.metadata, 'step_number', 'stepNumber')),
      progress: percent(look(options.metadata, 'progress_percentage', 'progressPercentage', 'progress')),
    });
  }

  /** `metadata` may carry `agent_name`, `parameters` (or `args`) and `tool_call_id`. */
  async notifyToolExecuting(toolName: string, options: { metadata?: Record<string, unknown> } = {}): Promise<boolean> {
    const api = this.#api('notifyToolExecuting');
    deprecated(api);
    const event = toLegacyEvent('tool_executing', options.metadata);
    return this.#emitEvent(api, { ...event, toolName });
  }

  /** `metadata` may carry `agent_name`, `result`, `error`, `execution_time_ms` and `tool_call_id`. */
  async notifyToolCompleted(toolName: string, options: { metadata?: Record<string, unknown> } = {}): Promise<boolean> {
    const api = this.#api('notifyToolCompleted');
    deprecated(api);
    const event = toLegacyEvent('tool_completed', options.metadata);
    return this.#emitEvent(api, { ...event, toolName });
  }

  async notifyAgentCompleted(
    agentName: string,
    options: { metadata?: Record<string, unknown>; result?: unknown; executionTimeMs?: number } = {},
  ): Promise<boolean> {
    const api = this.#api('notifyAgentCompleted');
    deprecated(api);
    const metadata = options.metadata && Object.keys(options.metadata).length > 0 ? options.metadata : undefined;
    return this.#emitEvent(api, {
      type: 'agent_completed',
      agentName,
      status: 'succeeded',
      result: options.result ?? metadata,
      durationMs: options.executionTimeMs,
    });
  }

  /**
   * Legacy `agent_error` has no canonical event: on a run it ends the run as
   * `agent_completed{status:'failed', error}`; outside any run it is a user event, as legacy sent it.
   */
  async notifyAgentError(error: unknown, extra: Record<string, unknown> = {}): Promise<boolean> {
    const api = this.#api('notifyAgentError');
    deprecated(api);
    return this.#custom(api, 'agent_error', { ...extra, error: errorText(error) ?? 'agent error' });
  }

  /** Progress becomes an `agent_thinking` with `progress`, ordered and replayed with the run (a user event outside any run). */
  async notifyProgressUpdate(progress: number | Record<string, unknown>, message = '', extra: Record<string, unknown> = {}): Promise<boolean> {
    const api = this.#api('notifyProgressUpdate');
    deprecated(api);
    const update = { ...extra, ...(isRecord(progress) ? progress : { progress }), ...(message ? { message } : {}) };
    return this.#custom(api, 'progress_update', update);
  }

  /** A run event type goes to the run; any other is `notifyUser(userId, eventType, data)`. */
  async notifyCustom(eventType: string, data: LegacyMessage = {}): Promise<boolean> {
    const api = this.#api('notifyCustom');
    deprecated(api);
    return this.#custom(api, eventType, data);
  }

  // --- token metrics and tiers ---

  /** Counts tokens; those counted since the last completion go out as that `agent_completed`'s `usage`. */
  updateTokenMetrics(inputTokens: number, outputTokens: number, cost: number, operation = 'unknown'): void {
    deprecated(this.#api('updateTokenMetrics'));
    void operation;
    const input = count(inputTokens) ?? 0;
    const output = count(outputTokens) ?? 0;
    const costUsd = Math.max(0, Number.isFinite(cost) ? cost : 0);
    const tokens = this.#tokens;
    tokens.operations++;
    tokens.input += input;
    tokens.output += output;
    tokens.cost += costUsd;
    const pending = this.#pendingUsage ?? { inputTokens: 0, outputTokens: 0, costUsd: 0 };
    this.#pendingUsage = {
      inputTokens: pending.inputTokens + input,
      outputTokens: pending.outputTokens + output,
      costUsd: pending.costUsd + costUsd,
    };
  }

  getTokenMetrics(): TokenMetrics {
    deprecated(this.#api('getTokenMetrics'));
    const { operations, input, output, cost } = this.#tokens;
    const average = (total: number) => (operations === 0 ? 0 : total / operations);
    return {
      totalOperations: operations,
      totalInputTokens: input,
      totalOutputTokens: output,
      totalCost: cost,
      averageInputTokens: average(input),
      averageOutputTokens: average(output),
      averageCost: average(cost),
    };
  }

  /** A tier set here is announced once per run, in `agent_started.context` (`userTier`, `isPriorityQueue`). */
  setUserTier(tier: UserTier): void {
    deprecated(this.#api('setUserTier'));
    if (!(USER_TIERS as readonly string[]).includes(tier)) {
      throw new RangeError(`setUserTier: expected one of ${USER_TIERS.join(', ')}, got ${String(tier)}`);
    }
    this.#tier = tier;
    this.#tierSet = true;
  }

  getUserTier(): UserTier {
    deprecated(this.#api('getUserTier'));
    return this.#tier;
  }

  isPriorityUser(): boolean {
    deprecated(this.#api('isPriorityUser'));
    return this.#tier === 'enterprise';
  }

  // --- context, stats and pool hooks ---

  getStats(): EmitterStats {
    deprecated(this.#api('getStats'));
    return {
      eventsSent: this.#stats.sent,
      eventsFailed: this.#stats.failed,
      retries: 0,
      createdAt: this.#stats.createdAt,
      userId: this.userId,
      userTier: this.#tier,
      performanceMode: this.performanceMode,
    };
  }

  getContext(): LegacyContextInput | undefined {
    deprecated(this.#api('getContext'));
    return this.#context;
  }

  /** Points the emitter at another run (of the same user). */
  setContext(context: LegacyContextInput | undefined): void {
    deprecated(this.#api('setContext'));
    this.#point(context);
  }

  acquire(): this {
    deprecated(this.#api('acquire'));
    this.#stats.inUse = true;
    return this;
  }

  release(): void {
    deprecated(this.#api('release'));
    this.#stats.inUse = false;
  }

  /** Whether a pool handed it out and it was not released. */
  get inUse(): boolean {
    return this.#stats.inUse;
  }

  /** Nothing to cancel: the shim's emitter owns no task, timer or socket (legacy leaked a poll task here). */
  cleanup(): void {
    deprecated(this.#api('cleanup'));
    this.#stats.inUse = false;
  }

  // --- legacy classmethods ---

  static createUserEmitter(manager: WebSocketManagerProtocol | null | undefined, userContext: LegacyContextInput): UnifiedWebSocketEmitter {
    deprecated('UnifiedWebSocketEmitter.createUserEmitter');
    return quietly(() => new UnifiedWebSocketEmitter(manager, { context: userContext }));
  }

  /** The classmethod builds a plain emitter (`WebSocketEmitterFactory.createAuthEmitter` builds the auth subclass). */
  static createAuthEmitter(
    manager: WebSocketManagerProtocol | null | undefined,
    options: { userContext?: LegacyContextInput; userId?: string; threadId?: string; connectionId?: string } = {},
  ): UnifiedWebSocketEmitter {
    deprecated('UnifiedWebSocketEmitter.createAuthEmitter');
    const context = options.userContext ?? {
      userId: options.userId,
      threadId: options.threadId,
      websocketClientId: options.connectionId,
    };
    return quietly(() => new UnifiedWebSocketEmitter(manager, { userId: options.userId, context }));
  }

  static createForUser(manager: WebSocketManagerProtocol | null | undefined, userContext: LegacyContextInput): UnifiedWebSocketEmitter {
    deprecated('UnifiedWebSocketEmitter.createForUser');
    return quietly(() => new UnifiedWebSocketEmitter(manager, { context: userContext }));
  }

  static forUser(
    manager: WebSocketManagerProtocol | null | undefined,
    userId: string,
    context?: LegacyContextInput,
  ): UnifiedWebSocketEmitter {
    deprecated('UnifiedWebSocketEmitter.forUser');
    return quietly(() => new UnifiedWebSocketEmitter(manager, { userId, context }));
  }

  // --- internals ---

  #api(member: string): LegacyApi {
    return `${this.#symbol}.${member}`;
  }

  #point(context: LegacyContextInput | undefined): void {
    this.#context = context;
    this.#ids = mergeIds({ userId: this.userId }, readIds(context), managerIds(this.manager));
    learn(this.#ids);
    contexts.set(this, this.#ids);
  }

  #emitData(api: LegacyApi, type: AgentEventType, data: LegacyMessage): Promise<boolean> {
    return this.#emitEvent(api, toLegacyEvent(type, data), data);
  }

  /** The emitter's own run wins over ids in the data, as legacy merged its context last. */
  async #emitEvent(api: LegacyApi, event: LegacyEvent, data?: LegacyMessage): Promise<boolean> {
    const ids = mergeIds(this.#ids, readIds(data));
    const pendingUsage = this.#pendingUsage;
    if (event.type === 'agent_started' && this.#tierSet) {
      event.context = { ...event.context, userTier: this.#tier, isPriorityQueue: this.#tier === 'enterprise' };
    }
    if (event.type === 'agent_completed') event.usage ??= pendingUsage;
    const sent = await this.#count(api, () => deliverRunEvent(ids, 'emitter', event));
    if (sent && event.type === 'agent_completed' && this.#pendingUsage === pendingUsage) this.#pendingUsage = undefined;
    return sent;
  }

  #custom(api: LegacyApi, eventType: string, data: LegacyMessage): Promise<boolean> {
    return this.#count(api, () => deliverToUser(this.userId, eventType, data, 'emitter', this.#ids));
  }

  async #count(api: LegacyApi, send: () => Promise<unknown>): Promise<boolean> {
    const sent = await swallowing(api, false, async () => {
      await send();
      return true;
    });
    if (sent) this.#stats.sent++;
    else this.#stats.failed++;
    return sent;
  }
}

/** The legacy aliases of the one emitter class. */
export const WebSocketEventEmitter = UnifiedWebSocketEmitter;
export type WebSocketEventEmitter = UnifiedWebSocketEmitter;
export const UserWebSocketEmitter = UnifiedWebSocketEmitter;
export type UserWebSocketEmitter = UnifiedWebSocketEmitter;
export const IsolatedWebSocketEventEmitter = UnifiedWebSocketEmitter;
export type IsolatedWebSocketEventEmitter = UnifiedWebSocketEmitter;
export const TransparentWebSocketEmitter = UnifiedWebSocketEmitter;
export type TransparentWebSocketEmitter = UnifiedWebSocketEmitter;
