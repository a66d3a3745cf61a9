import type { RunRef } from '@unified-ws/emitter';
import { learn } from '../core/context-registry.js';
import { deliverToUser, messageRunId, resolveRun } from '../core/delivery.js';
import { deprecated, quietly, type LegacyApi } from '../core/deprecation.js';
import { LegacyDeliveryError } from '../core/errors.js';
import { counting, swallowing } from '../core/failures.js';
import { mergeIds, readIds, runRefOf, type ContextIds, type LegacyContextInput } from '../core/legacy-context.js';
import {
  errorText,
  isRecord,
  parameters,
  percent,
  progressEvent,
  text,
  type LegacyEvent,
  type LegacyMessage,
} from '../core/payload-mapping.js';
import { emitRunEvent, inRunOrder } from '../core/run-tracker.js';
import { RUN_OF, type RunSource } from '../core/run-source.js';
import { UnifiedWebSocketEmitter } from './unified-websocket-emitter.js';
import { WebSocketNotifier, type NotifierEmitter } from './websocket-notifier.js';
import type { WebSocketManagerProtocol } from './protocols.js';
import { managerIds } from './websocket-manager.js';

/** Options every bridge notification takes. `traceContext` is accepted; protocol v1 has no field for it. */
export interface BridgeCallOptions {
  /** the run's context when the bridge's own does not describe this run */
  userContext?: LegacyContextInput;
  traceContext?: Record<string, unknown>;
}

/**
 * The agent -> WebSocket bridge. Legacy routed every notification through
 * `sendToThread(threadId)`, which took the thread id for a user id, and built contexts with
 * `userId = threadId`; here a notification goes to its run: the `userContext` passed, else the
 * run learned from any context the shim has seen (or the `resolveRunContext` hook), else the
 * bridge's own user and thread. Never a made-up user.
 *
 * Argument order is the bridge's own, `(runId, toolName, {agentName, …})`, with options
 * objects, so the adapter's swapped-order bug cannot be written against it.
 */
export class AgentWebSocketBridge implements RunSource {
  /** Legacy reached the notifier as `AgentWebSocketBridge.WebSocketNotifier`. */
  static readonly WebSocketNotifier = WebSocketNotifier;
  readonly userContext: LegacyContextInput | undefined;
  #manager: WebSocketManagerProtocol | undefined;

  /** `new AgentWebSocketBridge({ userContext })`, or the context itself. */
  constructor(options?: { userContext?: LegacyContextInput | undefined } | LegacyContextInput) {
    deprecated('AgentWebSocketBridge');
    this.userContext = isRecord(options) && 'userContext' in options ? options.userContext : (options as LegacyContextInput | undefined);
    learn(readIds(this.userContext));
  }

  get websocketManager(): WebSocketManagerProtocol | undefined {
    return this.#manager;
  }

  /** Legacy demanded a manager with `sendToThread`; so does the shim. Its context completes the bridge's. */
  set websocketManager(manager: WebSocketManagerProtocol | undefined) {
    if (typeof manager?.sendToThread !== 'function') {
      throw new TypeError('AgentWebSocketBridge.websocketManager must have a sendToThread method');
    }
    this.#manager = manager;
  }

  /** Rejects (after counting) when it cannot be delivered, as legacy raised after its retries. */
  async notifyAgentStarted(runId: string, agentName: string, options: BridgeCallOptions & { context?: Record<string, unknown> } = {}): Promise<boolean> {
    deprecated('AgentWebSocketBridge.notifyAgentStarted');
    return counting('AgentWebSocketBridge.notifyAgentStarted', () =>
      inRunOrder(runId, async (turn) => {
        const event: LegacyEvent = { type: 'agent_started', agentName, context: options.context };
        await emitRunEvent(await this.#run(runId, options.userContext), 'bridge', event, turn);
        return true;
      }),
    );
  }

  async notifyAgentThinking(
    runId: string,
    agentName: string,
    reasoning: string,
    options: BridgeCallOptions & { stepNumber?: number; progressPercentage?: number } = {},
  ): Promise<boolean> {
    deprecated('AgentWebSocketBridge.notifyAgentThinking');
    return this.#notify('AgentWebSocketBridge.notifyAgentThinking', runId, options.userContext, {
      type: 'agent_thinking',
      agentName,
      reasoning,
      stepNumber: options.stepNumber,
      progress: percent(options.progressPercentage),
    });
  }

  /** `parameters.event_id` (legacy echoed it as `event_id`) becomes the call's `toolCallId`. */
  async notifyToolExecuting(
    runId: string,
    toolName: string,
    options: BridgeCallOptions & { agentName?: string; parameters?: Record<string, unknown> } = {},
  ): Promise<boolean> {
    deprecated('AgentWebSocketBridge.notifyToolExecuting');
    return this.#notify('AgentWebSocketBridge.notifyToolExecuting', runId, options.userContext, {
      type: 'tool_executing',
      agentName: options.agentName,
      toolName,
      toolCallId: text(options.parameters?.['event_id']),
      parameters: parameters(options.parameters),
    });
  }

  async notifyToolCompleted(
    runId: string,
    toolName: string,
    options: BridgeCallOptions & { result?: unknown; agentName?: string; executionTimeMs?: number } = {},
  ): Promise<boolean> {
    deprecated('AgentWebSocketBridge.notifyToolCompleted');
    return this.#notify('AgentWebSocketBridge.notifyToolCompleted', runId, options.userContext, {
      type: 'tool_completed',
      agentName: options.agentName,
      toolName,
      result: options.result,
      durationMs: options.executionTimeMs,
    });
  }

  async notifyAgentCompleted(
    runId: string,
    agentName: string,
    options: BridgeCallOptions & { result?: unknown; executionTimeMs?: number } = {},
  ): Promise<boolean> {
    deprecated('AgentWebSocketBridge.notifyAgentCompleted');
    return this.#notify('AgentWebSocketBridge.notifyAgentCompleted', runId, options.userContext, {
      type: 'agent_completed',
      agentName,
      status: 'succeeded',
      result: options.result,
      durationMs: options.executionTimeMs,
    });
  }

  /** Ends the run as `agent_completed{status:'failed', error}` (protocol v1 has no `agent_error`). */
  async notifyAgentError(
    runId: string,
    agentName: string,
    error: unknown,
    options: BridgeCallOptions & { errorContext?: Record<string, unknown> } = {},
  ): Promise<boolean> {
    deprecated('AgentWebSocketBridge.notifyAgentError');
    return this.#notify('AgentWebSocketBridge.notifyAgentError', runId, options.userContext, {
      type: 'agent_completed',
      agentName,
      status: 'failed',
      error: errorText(error) ?? 'agent error',
    });
  }

  /** Ends the run as failed with `error: "agent died: <cause>"`. */
  async notifyAgentDeath(
    runId: string,
    agentName: string,
    deathCause: string,
    options: BridgeCallOptions & { deathContext?: Record<string, unknown> } = {},
  ): Promise<boolean> {
    deprecated('AgentWebSocketBridge.notifyAgentDeath');
    return this.#notify('AgentWebSocketBridge.notifyAgentDeath', runId, options.userContext, {
      type: 'agent_completed',
      agentName,
      status: 'failed',
      error: `agent died: ${deathCause}`,
    });
  }

  /** `{percentage|progress, message|status}` becomes an `agent_thinking` with `progress`. */
  async notifyProgressUpdate(runId: string, agentName: string, progress: Record<string, unknown>, options: BridgeCallOptions = {}): Promise<boolean> {
    deprecated('AgentWebSocketBridge.notifyProgressUpdate');
    return this.#notify('AgentWebSocketBridge.notifyProgressUpdate', runId, options.userContext, {
      ...progressEvent(progress),
      agentName,
    });
  }

  /** A run event type goes to the run; any other goes to the run's user as `notifyUser(type, data)`. */
  async notifyCustom(
    runId: string,
    agentName: string,
    notificationType: string,
    data: LegacyMessage = {},
    options: BridgeCallOptions = {},
  ): Promise<boolean> {
    deprecated('AgentWebSocketBridge.notifyCustom');
    const body = { agent_name: agentName, ...data };
    return swallowing('AgentWebSocketBridge.notifyCustom', false, () =>
      inRunOrder(messageRunId(body, { runId }), async (turn) => {
        const run = await this.#run(runId, options.userContext);
        await deliverToUser(run.userId, notificationType, body, 'bridge', run, turn);
        return true;
      }),
    );
  }

  /** Legacy always answered `false` here (it returned the emitter's `None`); now `true` once delivered. */
  async emitAgentEvent(eventType: string, data: LegacyMessage = {}, options: { runId?: string; agentName?: string } = {}): Promise<boolean> {
    deprecated('AgentWebSocketBridge.emitAgentEvent');
    const runId = options.runId ?? readIds(data).runId ?? this.#ids().runId;
    const body = options.agentName ? { agent_name: options.agentName, ...data } : data;
    return swallowing('AgentWebSocketBridge.emitAgentEvent', false, () =>
      inRunOrder(messageRunId(body, { runId }), async (turn) => {
        if (!runId) throw new LegacyDeliveryError('no_run_context', 'emitAgentEvent needs a runId (option, data.run_id, or the bridge context)');
        const run = await this.#run(runId, undefined);
        await deliverToUser(run.userId, eventType, body, 'bridge', run, turn);
        return true;
      }),
    );
  }

  /** `(context, eventType, eventData)`: to the context's run (run events) or its user. */
  async emitEvent(context: LegacyContextInput, eventType: string, eventData: LegacyMessage = {}): Promise<boolean> {
    deprecated('AgentWebSocketBridge.emitEvent');
    const ids = readIds(context);
    return swallowing('AgentWebSocketBridge.emitEvent', false, () =>
      inRunOrder(messageRunId(eventData, ids), async (turn) => {
        const userId = ids.userId ?? (await resolveRun(ids)).userId;
        await deliverToUser(userId, eventType, eventData, 'bridge', ids, turn);
        return true;
      }),
    );
  }

  /**
   * An emitter for a user's run: `userContext`, or one built from the ids (completed by the
   * bridge's context). As in legacy, a context without userId, threadId and runId is refused
   * (`TypeError`): the shim never invents a run.
   */
  async createUserEmitter(
    options: { userContext?: LegacyContextInput; userId?: string; threadId?: string; connectionId?: string } = {},
  ): Promise<UnifiedWebSocketEmitter> {
    deprecated('AgentWebSocketBridge.createUserEmitter');
    const userContext = options.userContext ?? this.#contextFrom(options);
    if (!runRefOf(readIds(userContext))) {
      throw new TypeError('createUserEmitter: the user context needs userId, threadId and runId');
    }
    return emitterFor(userContext);
  }

  static async createUserEmitterFromIds(
    userId: string,
    threadId: string,
    runId: string,
    websocketConnectionId?: string,
  ): Promise<UnifiedWebSocketEmitter> {
    deprecated('AgentWebSocketBridge.createUserEmitterFromIds');
    return emitterFor({ userId, threadId, runId, websocketClientId: websocketConnectionId });
  }

  /** The legacy async generator: `for await (const emitter of AgentWebSocketBridge.createScopedEmitter(ctx))`. */
  static async *createScopedEmitter(userContext: LegacyContextInput): AsyncGenerator<UnifiedWebSocketEmitter, void, undefined> {
    deprecated('AgentWebSocketBridge.createScopedEmitter');
    const emitter = emitterFor(userContext);
    try {
      yield emitter;
    } finally {
      quietly(() => emitter.cleanup());
    }
  }

  /** `validateContext` (default true) throws `TypeError` for a context without userId, threadId and runId. */
  static createWebSocketNotifier(
    emitter: NotifierEmitter | null | undefined,
    userContext: LegacyContextInput,
    validateContext = true,
  ): WebSocketNotifier {
    deprecated('AgentWebSocketBridge.createWebSocketNotifier');
    const ids = readIds(userContext);
    if (validateContext && !(ids.userId && ids.threadId && ids.runId)) {
      throw new TypeError('createWebSocketNotifier: the user context needs userId, threadId and runId');
    }
    return quietly(() => new WebSocketNotifier(emitter, userContext));
  }

  /** @internal the run the agent adapter's notifications go to. */
  [RUN_OF](runId: string): Promise<RunRef> {
    return this.#run(runId, undefined);
  }

  #ids(): ContextIds {
    return mergeIds(readIds(this.userContext), managerIds(this.#manager));
  }

  async #notify(api: LegacyApi, runId: string, userContext: LegacyContextInput | undefined, event: LegacyEvent): Promise<boolean> {
    return swallowing(api, false, () =>
      inRunOrder(runId, async (turn) => {
        await emitRunEvent(await this.#run(runId, userContext), 'bridge', event, turn);
        return true;
      }),
    );
  }

  /** The passed context, else the learned run, else the bridge's own user and thread. */
  async #run(runId: string, userContext: LegacyContextInput | undefined): Promise<RunRef> {
    if (typeof runId !== 'string' || runId.length === 0) {
      throw new LegacyDeliveryError('no_run_context', 'a bridge notification needs a runId');
    }
    try {
      return await resolveRun(mergeIds({ runId }, readIds(userContext)));
    } catch (error) {
      const own = this.#ids();
      if (!(error instanceof LegacyDeliveryError) || !own.userId || !own.threadId) throw error;
      const run = { userId: own.userId, threadId: own.threadId, runId };
      learn(run);
      return run;
    }
  }

  #contextFrom(options: { userId?: string; threadId?: string; connectionId?: string }): LegacyContextInput {
    const own = this.#ids();
    const userId = options.userId ?? own.userId;
    const threadId = options.threadId ?? own.threadId;
    // The bridge's run only if the ids name the bridge's own user and thread.
    const runId = userId === own.userId && threadId === own.threadId ? own.runId : undefined;
    return { userId, threadId, runId, websocketClientId: options.connectionId };
  }
}

function emitterFor(context: LegacyContextInput): UnifiedWebSocketEmitter {
  return quietly(() => new UnifiedWebSocketEmitter(null, { context }));
}

export interface CreateBridgeOptions {
  userContext?: LegacyContextInput | undefined;
  websocketManager?: WebSocketManagerProtocol | undefined;
}

/**
 * `createAgentWebSocketBridge({userContext, websocketManager})` (or the context itself).
 * Without a context it uses the manager's; it never invents `"websocket-compat-user"`.
 */
export function createAgentWebSocketBridge(options: CreateBridgeOptions | LegacyContextInput = {}): AgentWebSocketBridge {
  deprecated('createAgentWebSocketBridge');
  return bridgeFor(options);
}

/** Removed from legacy but still imported: the same as `createAgentWebSocketBridge`. */
export function getAgentWebSocketBridge(options: CreateBridgeOptions | LegacyContextInput = {}): AgentWebSocketBridge {
  deprecated('getAgentWebSocketBridge');
  return bridgeFor(options);
}

function bridgeFor(options: CreateBridgeOptions | LegacyContextInput): AgentWebSocketBridge {
  const isOptions = isRecord(options) && ('userContext' in options || 'websocketManager' in options);
  const { userContext, websocketManager } = isOptions
    ? (options as CreateBridgeOptions)
    : { userContext: options as LegacyContextInput, websocketManager: undefined };
  return quietly(() => {
    const bridge = new AgentWebSocketBridge({ userContext });
    if (websocketManager) bridge.websocketManager = websocketManager;
    return bridge;
  });
}
