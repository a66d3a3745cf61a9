import type { RunRef } from '@unified-ws/emitter';
import { learn } from '../core/context-registry.js';
import { deliverToUser } from '../core/delivery.js';
import type { LegacySymbol } from '../core/catalog.js';
import { LEGACY_CLASS, deprecated, quietly, type LegacyApi } from '../core/deprecation.js';
import { LegacyDeliveryError } from '../core/errors.js';
import { swallowing } from '../core/failures.js';
import { readIds, runRefOf, type LegacyContextInput } from '../core/legacy-context.js';
import { errorText, parameters, percent, progressEvent, type LegacyEvent, type LegacyMessage } from '../core/payload-mapping.js';
import { RUN_OF, type RunSource } from '../core/run-source.js';
import { emitRunEvent, inRunOrder } from '../core/run-tracker.js';
import type { AgentWebSocketBridge } from './agent-websocket-bridge.js';
import type { UnifiedWebSocketEmitter } from './unified-websocket-emitter.js';
import type { WebSocketManagerProtocol } from './protocols.js';

/** The legacy bridge protocol: the notifications a per-request bridge offers. */
export interface WebSocketBridgeProtocol {
  notifyAgentStarted(runId: string, agentName: string, context?: Record<string, unknown>): Promise<boolean>;
  notifyAgentThinking(
    runId: string,
    agentName: string,
    reasoning: string,
    options?: { stepNumber?: number; progressPercentage?: number },
  ): Promise<boolean>;
  notifyToolExecuting(runId: string, agentName: string, toolName: string, options?: { parameters?: Record<string, unknown> }): Promise<boolean>;
  notifyToolCompleted(
    runId: string,
    agentName: string,
    toolName: string,
    options?: { result?: unknown; executionTimeMs?: number },
  ): Promise<boolean>;
  notifyAgentCompleted(runId: string, agentName: string, options?: { result?: unknown; executionTimeMs?: number }): Promise<boolean>;
}

/** Which of its adapters legacy would have forwarded through (agent bridge > emitter > manager). */
export type BridgeTarget = 'agent_bridge' | 'emitter' | 'manager' | 'none';

export type BridgeMetrics = {
  sent: number;
  /** refused because the run id was not the bridge's run */
  rejected: number;
  failed: number;
  target: BridgeTarget;
};

export type BridgeHealth = {
  /** an adapter is set and the context names a whole run */
  healthy: boolean;
  target: BridgeTarget;
  runId: string | undefined;
};

/**
 * The per-request bridge of the bridge factory: bound to one user context, it refuses any
 * run but the context's (as legacy did). Legacy swapped arguments on the way to its
 * adapters (`notifyAgentStarted(runId, agentName, context)` against `(agentName, metadata,
 * context)`, `sendEvent(type, data)` against `(connectionId, type, data)`); the shim sends
 * straight to the run, whichever adapter is set, so all three deliver alike. As in legacy,
 * a bridge with no adapter set sends nothing. Failures resolve `false` and are counted.
 */
export class StandardWebSocketBridge implements WebSocketBridgeProtocol, RunSource {
  readonly userContext: LegacyContextInput;
  #agentBridge: AgentWebSocketBridge | undefined;
  #emitter: UnifiedWebSocketEmitter | undefined;
  #manager: WebSocketManagerProtocol | undefined;
  readonly #metrics = { sent: 0, failed: 0, rejected: 0 };
  static readonly [LEGACY_CLASS]: LegacySymbol = 'StandardWebSocketBridge';
  /** what the members of this instance count and warn as: the catalog symbol of the class the caller constructed */
  readonly #symbol: LegacySymbol;

  constructor(userContext: LegacyContextInput) {
    if (new.target === StandardWebSocketBridge) deprecated('StandardWebSocketBridge');
    this.#symbol = new.target[LEGACY_CLASS];
    this.userContext = userContext;
    learn(readIds(userContext));
  }

  setAgentBridge(bridge: AgentWebSocketBridge): void {
    deprecated(this.#api('setAgentBridge'));
    this.#agentBridge = bridge;
  }

  setWebSocketEmitter(emitter: UnifiedWebSocketEmitter): void {
    deprecated(this.#api('setWebSocketEmitter'));
    this.#emitter = emitter;
  }

  setWebSocketManager(manager: WebSocketManagerProtocol): void {
    deprecated(this.#api('setWebSocketManager'));
    this.#manager = manager;
  }

  async notifyAgentStarted(runId: string, agentName: string, context?: Record<string, unknown>): Promise<boolean> {
    const api = this.#api('notifyAgentStarted');
    deprecated(api);
    return this.#notify(api, runId, { type: 'agent_started', agentName, context });
  }

  async notifyAgentThinking(
    runId: string,
    agentName: string,
    reasoning: string,
    options: { stepNumber?: number; progressPercentage?: number } = {},
  ): Promise<boolean> {
    const api = this.#api('notifyAgentThinking');
    deprecated(api);
    return this.#notify(api, runId, {
      type: 'agent_thinking',
      agentName,
      reasoning,
      stepNumber: options.stepNumber,
      progress: percent(options.progressPercentage),
    });
  }

  async notifyToolExecuting(
    runId: string,
    agentName: string,
    toolName: string,
    options: { parameters?: Record<string, unknown> } = {},
  ): Promise<boolean> {
    const api = this.#api('notifyToolExecuting');
    deprecated(api);
    return this.#notify(api, runId, {
      type: 'tool_executing',
      agentName,
      toolName,
      parameters: parameters(options.parameters),
    });
  }

  async notifyToolCompleted(
    runId: string,
    agentName: string,
    toolName: string,
    options: { result?: unknown; executionTimeMs?: number } = {},
  ): Promise<boolean> {
    const api = this.#api('notifyToolCompleted');
    deprecated(api);
    return this.#notify(api, runId, {
      type: 'tool_completed',
      agentName,
      toolName,
      result: options.result,
      durationMs: options.executionTimeMs,
    });
  }

  async notifyAgentCompleted(runId: string, agentName: string, options: { result?: unknown; executionTimeMs?: number } = {}): Promise<boolean> {
    const api = this.#api('notifyAgentCompleted');
    deprecated(api);
    return this.#notify(api, runId, {
      type: 'agent_completed',
      agentName,
      status: 'succeeded',
      result: options.result,
      durationMs: options.executionTimeMs,
    });
  }

  /** Ends the run as `agent_completed{status:'failed', error}`. */
  async notifyAgentError(runId: string, agentName: string, error: unknown): Promise<boolean> {
    const api = this.#api('notifyAgentError');
    deprecated(api);
    return this.#notify(api, runId, {
      type: 'agent_completed',
      agentName,
      status: 'failed',
      error: errorText(error) ?? 'agent error',
    });
  }

  async notifyProgressUpdate(runId: string, agentName: string, progress: Record<string, unknown>): Promise<boolean> {
    const api = this.#api('notifyProgressUpdate');
    deprecated(api);
    return this.#notify(api, runId, { ...progressEvent(progress), agentName });
  }

  async notifyCustom(runId: string, agentName: string, notificationType: string, data: LegacyMessage = {}): Promise<boolean> {
    const api = this.#api('notifyCustom');
    deprecated(api);
    return this.#count(
      await swallowing(api, false, () =>
        inRunOrder(runId, async (turn) => {
          const run = await this[RUN_OF](runId);
          await deliverToUser(run.userId, notificationType, { agent_name: agentName, ...data }, 'standard-bridge', run, turn);
          return true;
        }),
      ),
    );
  }

  getBridgeMetrics(): BridgeMetrics {
    deprecated(this.#api('getBridgeMetrics'));
    return { ...this.#metrics, target: this.#target() };
  }

  diagnoseBridgeHealth(): BridgeHealth {
    deprecated(this.#api('diagnoseBridgeHealth'));
    const ids = readIds(this.userContext);
    const target = this.#target();
    return { healthy: target !== 'none' && runRefOf(ids) !== undefined, target, runId: ids.runId };
  }

  /** @internal the bridge's one run; any other run id is refused, and nothing is sent without an adapter, as in legacy. */
  async [RUN_OF](runId: string): Promise<RunRef> {
    const ids = readIds(this.userContext);
    if (this.#target() === 'none') {
      throw new LegacyDeliveryError('no_adapter', 'no agent bridge, emitter or manager is set on this bridge');
    }
    if (ids.runId !== runId) {
      this.#metrics.rejected++;
      throw new LegacyDeliveryError('run_mismatch', `run ${runId} is not this bridge's run (${ids.runId ?? 'none'})`);
    }
    const run = runRefOf(ids);
    if (!run) throw new LegacyDeliveryError('no_run_context', 'the bridge context needs userId, threadId and runId');
    return run;
  }

  #api(member: string): LegacyApi {
    return `${this.#symbol}.${member}`;
  }

  async #notify(api: LegacyApi, runId: string, event: LegacyEvent): Promise<boolean> {
    return this.#count(
      // Its place in the run's order is taken at call time, before the bridge's run check.
      await swallowing(api, false, () =>
        inRunOrder(runId, async (turn) => {
          await emitRunEvent(await this[RUN_OF](runId), 'standard-bridge', event, turn);
          return true;
        }),
      ),
    );
  }

  #count(sent: boolean): boolean {
    if (sent) this.#metrics.sent++;
    else this.#metrics.failed++;
    return sent;
  }

  #target(): BridgeTarget {
    if (this.#agentBridge) return 'agent_bridge';
    if (this.#emitter) return 'emitter';
    if (this.#manager) return 'manager';
    return 'none';
  }
}

/**
 * The deprecated `WebSocketBridgeAdapter(websocketEmitter, userContext)` of the bridge
 * factory (exported under that name from its entry point; the agent mixin of the same
 * legacy name is `AgentWebSocketBridgeAdapter`).
 */
export class LegacyStandardBridgeAdapter extends StandardWebSocketBridge {
  static override readonly [LEGACY_CLASS]: LegacySymbol = 'LegacyStandardBridgeAdapter';

  constructor(websocketEmitter: UnifiedWebSocketEmitter | null | undefined, userContext: LegacyContextInput) {
    deprecated('LegacyStandardBridgeAdapter');
    super(userContext);
    if (websocketEmitter) quietly(() => this.setWebSocketEmitter(websocketEmitter));
  }
}

export function createStandardWebSocketBridge(userContext: LegacyContextInput): StandardWebSocketBridge {
  deprecated('createStandardWebSocketBridge');
  return quietly(() => new StandardWebSocketBridge(userContext));
}

export function createAgentBridgeAdapter(agentBridge: AgentWebSocketBridge, userContext: LegacyContextInput): StandardWebSocketBridge {
  deprecated('createAgentBridgeAdapter');
  return quietly(() => {
    const bridge = new StandardWebSocketBridge(userContext);
    bridge.setAgentBridge(agentBridge);
    return bridge;
  });
}

export function createEmitterBridgeAdapter(emitter: UnifiedWebSocketEmitter, userContext: LegacyContextInput): StandardWebSocketBridge {
  deprecated('createEmitterBridgeAdapter');
  return quietly(() => {
    const bridge = new StandardWebSocketBridge(userContext);
    bridge.setWebSocketEmitter(emitter);
    return bridge;
  });
}

export function createManagerBridgeAdapter(manager: WebSocketManagerProtocol, userContext: LegacyContextInput): StandardWebSocketBridge {
  deprecated('createManagerBridgeAdapter');
  return quietly(() => {
    const bridge = new StandardWebSocketBridge(userContext);
    bridge.setWebSocketManager(manager);
    return bridge;
  });
}
