import { deliverRunEvent } from '../core/delivery.js';
import { deprecated, quietly, type LegacyApi } from '../core/deprecation.js';
import { swallowing } from '../core/failures.js';
import { readIds, withFallback, type LegacyContextInput } from '../core/legacy-context.js';
import type { LegacyEvent } from '../core/payload-mapping.js';
import { emitterIds, type UnifiedWebSocketEmitter } from './unified-websocket-emitter.js';

/** The agent execution context the notifier's methods take: a run, and the agent running it. */
export type AgentExecutionContext = LegacyContextInput & {
  agentName?: string;
  agent_name?: string;
};

/** What a notifier is given as its emitter: the shim's emitter (its context completes the notifier's). */
export type NotifierEmitter = Pick<
  UnifiedWebSocketEmitter,
  'notifyAgentStarted' | 'notifyAgentThinking' | 'notifyToolExecuting' | 'notifyToolCompleted' | 'notifyAgentCompleted'
>;

/**
 * The notifier agents used to announce their run. Legacy forwarded to the emitter with
 * keyword arguments it did not accept, so every call failed and returned `false`; here each
 * one reaches the run of `execContext` (completed from the emitter's context). Failures are
 * still swallowed as `false`, and counted.
 */
export class WebSocketNotifier {
  readonly emitter: NotifierEmitter | undefined;
  readonly execContext: AgentExecutionContext | undefined;

  constructor(emitter?: NotifierEmitter | null, execContext?: AgentExecutionContext) {
    deprecated('WebSocketNotifier');
    this.emitter = emitter ?? undefined;
    this.execContext = execContext;
  }

  static createForUser(emitter: NotifierEmitter | null | undefined, execContext: AgentExecutionContext): WebSocketNotifier {
    deprecated('WebSocketNotifier.createForUser');
    return quietly(() => new WebSocketNotifier(emitter, execContext));
  }

  async sendAgentStarted(execContext: AgentExecutionContext, agentName?: string): Promise<boolean> {
    deprecated('WebSocketNotifier.sendAgentStarted');
    return this.#send('WebSocketNotifier.sendAgentStarted', execContext, { type: 'agent_started', agentName });
  }

  async sendAgentThinking(execContext: AgentExecutionContext, message: string): Promise<boolean> {
    deprecated('WebSocketNotifier.sendAgentThinking');
    return this.#send('WebSocketNotifier.sendAgentThinking', execContext, { type: 'agent_thinking', reasoning: message });
  }

  /** The purpose, estimate and summary become the call's `parameters` (`purpose`, `estimatedDurationMs`, `summary`). */
  async sendToolExecuting(
    execContext: AgentExecutionContext,
    toolName: string,
    options: { toolPurpose?: string; estimatedDurationMs?: number; parametersSummary?: string } = {},
  ): Promise<boolean> {
    deprecated('WebSocketNotifier.sendToolExecuting');
    const parameters = Object.fromEntries(
      Object.entries({
        purpose: options.toolPurpose,
        estimatedDurationMs: options.estimatedDurationMs,
        summary: options.parametersSummary,
      }).filter(([, value]) => value !== undefined),
    );
    return this.#send('WebSocketNotifier.sendToolExecuting', execContext, {
      type: 'tool_executing',
      toolName,
      parameters: Object.keys(parameters).length > 0 ? parameters : undefined,
    });
  }

  async sendToolCompleted(execContext: AgentExecutionContext, toolName: string, result?: unknown): Promise<boolean> {
    deprecated('WebSocketNotifier.sendToolCompleted');
    return this.#send('WebSocketNotifier.sendToolCompleted', execContext, { type: 'tool_completed', toolName, result });
  }

  async sendAgentCompleted(execContext: AgentExecutionContext, result?: unknown, executionTimeMs?: number): Promise<boolean> {
    deprecated('WebSocketNotifier.sendAgentCompleted');
    return this.#send('WebSocketNotifier.sendAgentCompleted', execContext, {
      type: 'agent_completed',
      status: 'succeeded',
      result,
      durationMs: executionTimeMs,
    });
  }

  #send(api: LegacyApi, execContext: AgentExecutionContext | undefined, event: LegacyEvent): Promise<boolean> {
    return swallowing(api, false, async () => {
      const given = readIds(execContext ?? this.execContext);
      const ids = withFallback(withFallback(given, readIds(this.execContext)), emitterIds(this.emitter));
      event.agentName ??= ids.agentName;
      await deliverRunEvent(ids, 'notifier', event);
      return true;
    });
  }
}
