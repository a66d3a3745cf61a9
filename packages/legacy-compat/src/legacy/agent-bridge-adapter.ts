import { debuglog } from 'node:util';
import { deprecated, type LegacyApi } from '../core/deprecation.js';
import { swallowing } from '../core/failures.js';
import { errorText, parameters, type LegacyEvent } from '../core/payload-mapping.js';
import { RUN_OF, type RunSource } from '../core/run-source.js';
import { emitRunEvent, inRunOrder } from '../core/run-tracker.js';

const log = debuglog('unified-ws-legacy');

/** A bridge the adapter can hand events to: the shim's `AgentWebSocketBridge` or `StandardWebSocketBridge`. */
export type AdapterBridge = RunSource;

/**
 * The agent mixin (`WebSocketBridgeAdapter` in the legacy agents package), renamed to end
 * the collision with the bridge factory's class of the same name; both names are exported
 * from its entry point. Extend it or hold one.
 *
 * Legacy passed `(runId, agentName, toolName)` to a bridge taking `(runId, toolName,
 * agentName)` and gave `result` twice, so every `tool_completed` raised and was swallowed.
 * Here the adapter builds each event itself, by field name: neither bug can happen.
 * As in legacy, emitting without a bridge throws (logs in test mode); a refused event is
 * swallowed, and counted.
 */
export class AgentWebSocketBridgeAdapter {
  #bridge: AdapterBridge | undefined;
  #runId: string | undefined;
  #agentName: string | undefined;
  #testMode = false;

  constructor() {
    deprecated('AgentWebSocketBridgeAdapter');
  }

  setWebSocketBridge(bridge: AdapterBridge | null | undefined, runId: string, agentName: string): void {
    deprecated('AgentWebSocketBridgeAdapter.setWebSocketBridge');
    this.#bridge = bridge ?? undefined;
    this.#runId = runId;
    this.#agentName = agentName;
  }

  enableTestMode(): void {
    deprecated('AgentWebSocketBridgeAdapter.enableTestMode');
    this.#testMode = true;
  }

  hasWebSocketBridge(): boolean {
    deprecated('AgentWebSocketBridgeAdapter.hasWebSocketBridge');
    return this.#bridge !== undefined && this.#runId !== undefined;
  }

  async emitAgentStarted(message?: string): Promise<void> {
    deprecated('AgentWebSocketBridgeAdapter.emitAgentStarted');
    return this.#emit('AgentWebSocketBridgeAdapter.emitAgentStarted', { type: 'agent_started', message });
  }

  async emitThinking(thought: string, stepNumber?: number): Promise<void> {
    deprecated('AgentWebSocketBridgeAdapter.emitThinking');
    return this.#emit('AgentWebSocketBridgeAdapter.emitThinking', { type: 'agent_thinking', reasoning: thought, stepNumber });
  }

  async emitToolExecuting(toolName: string, toolParameters?: Record<string, unknown>): Promise<void> {
    deprecated('AgentWebSocketBridgeAdapter.emitToolExecuting');
    return this.#emit('AgentWebSocketBridgeAdapter.emitToolExecuting', {
      type: 'tool_executing',
      toolName,
      parameters: parameters(toolParameters),
    });
  }

  /** The legacy alias of `emitToolExecuting`. */
  async emitToolStarted(toolName: string, toolParameters?: Record<string, unknown>): Promise<void> {
    deprecated('AgentWebSocketBridgeAdapter.emitToolStarted');
    return this.#emit('AgentWebSocketBridgeAdapter.emitToolStarted', {
      type: 'tool_executing',
      toolName,
      parameters: parameters(toolParameters),
    });
  }

  async emitToolCompleted(toolName: string, result?: unknown): Promise<void> {
    deprecated('AgentWebSocketBridgeAdapter.emitToolCompleted');
    return this.#emit('AgentWebSocketBridgeAdapter.emitToolCompleted', { type: 'tool_completed', toolName, result });
  }

  async emitAgentCompleted(result?: unknown): Promise<void> {
    deprecated('AgentWebSocketBridgeAdapter.emitAgentCompleted');
    return this.#emit('AgentWebSocketBridgeAdapter.emitAgentCompleted', { type: 'agent_completed', status: 'succeeded', result });
  }

  /** Progress text as an `agent_thinking`; `isComplete` marks it `progress: 100`. */
  async emitProgress(content: string, isComplete = false): Promise<void> {
    deprecated('AgentWebSocketBridgeAdapter.emitProgress');
    return this.#emit('AgentWebSocketBridgeAdapter.emitProgress', {
      type: 'agent_thinking',
      reasoning: content,
      progress: isComplete ? 100 : undefined,
    });
  }

  /** Ends the run as `agent_completed{status:'failed', error: "<errorType>: <message>"}`. */
  async emitError(message: string, errorType?: string, errorDetails?: Record<string, unknown>): Promise<void> {
    deprecated('AgentWebSocketBridgeAdapter.emitError');
    void errorDetails;
    const error = errorText(message) ?? 'agent error';
    return this.#emit('AgentWebSocketBridgeAdapter.emitError', {
      type: 'agent_completed',
      status: 'failed',
      error: errorType ? `${errorType}: ${error}` : error,
    });
  }

  /** A sub-agent runs like a tool call of its parent: `tool_executing{toolName: name, toolCallId: id}`. */
  async emitSubagentStarted(name: string, id?: string): Promise<void> {
    deprecated('AgentWebSocketBridgeAdapter.emitSubagentStarted');
    return this.#emit('AgentWebSocketBridgeAdapter.emitSubagentStarted', {
      type: 'tool_executing',
      toolName: name,
      toolCallId: id,
      parameters: { subagent: true },
    });
  }

  async emitSubagentCompleted(name: string, id?: string, result?: unknown, durationMs = 0): Promise<void> {
    deprecated('AgentWebSocketBridgeAdapter.emitSubagentCompleted');
    return this.#emit('AgentWebSocketBridgeAdapter.emitSubagentCompleted', {
      type: 'tool_completed',
      toolName: name,
      toolCallId: id,
      result,
      durationMs,
    });
  }

  async #emit(api: LegacyApi, event: LegacyEvent): Promise<void> {
    const bridge = this.#bridge;
    const runId = this.#runId;
    if (!bridge || !runId) {
      if (this.#testMode) {
        log('%s: no WebSocket bridge set (test mode), event dropped', api);
        return;
      }
      throw new Error(`${api}: no WebSocket bridge is set; call setWebSocketBridge(bridge, runId, agentName) first`);
    }
    event.agentName ??= this.#agentName;
    await swallowing(api, undefined, () =>
      inRunOrder(runId, async (turn) => {
        await emitRunEvent(await bridge[RUN_OF](runId), 'agent-adapter', event, turn);
      }),
    );
  }
}

/** The agent mixin under its legacy name. The bridge factory's class of this name is `LegacyStandardBridgeAdapter`. */
export const WebSocketBridgeAdapter = AgentWebSocketBridgeAdapter;
export type WebSocketBridgeAdapter = AgentWebSocketBridgeAdapter;
