import type { AgentEvent, AgentEventOf, AgentEventType, RunRef } from './protocol.js';
import type { BatchItem, EmitOptions, PayloadInputMap } from './validation.js';

/** The server side a `RunEmitter` writes through; implemented by `EmitterServer`. */
export interface RunSink {
  emitToRun(run: RunRef, items: readonly BatchItem[]): Promise<AgentEvent[]>;
  /** `emitToRun` of one event, without the item and the arrays (the path of nearly every event). */
  emitOne(run: RunRef, type: unknown, payload: unknown, idempotencyKey: unknown): Promise<AgentEvent>;
}

/**
 * A light handle onto one run. It holds no state of its own (the store does), so creating
 * one per call is free and two handles for the same run are interchangeable.
 * Every method resolves with the sent envelope once the store has accepted it, or rejects
 * with `EventValidationError`, `LifecycleError`, `RunClosedError` or `AuthorizationError`
 * and sends nothing.
 */
export class RunEmitter {
  readonly #sink: RunSink;

  constructor(
    sink: RunSink,
    readonly run: Readonly<RunRef>,
  ) {
    this.#sink = sink;
  }

  agentStarted(payload: PayloadInputMap['agent_started'], options?: EmitOptions) {
    return this.emit('agent_started', payload, options);
  }

  agentThinking(payload: PayloadInputMap['agent_thinking'], options?: EmitOptions) {
    return this.emit('agent_thinking', payload, options);
  }

  /** Resolves with the event, whose payload carries the `toolCallId` (generated when omitted). */
  toolExecuting(payload: PayloadInputMap['tool_executing'], options?: EmitOptions) {
    return this.emit('tool_executing', payload, options);
  }

  toolCompleted(payload: PayloadInputMap['tool_completed'], options?: EmitOptions) {
    return this.emit('tool_completed', payload, options);
  }

  agentCompleted(payload: PayloadInputMap['agent_completed'], options?: EmitOptions) {
    return this.emit('agent_completed', payload, options);
  }

  emit<T extends AgentEventType>(type: T, payload: PayloadInputMap[T], options?: EmitOptions): Promise<AgentEventOf<T>> {
    return this.#sink.emitOne(this.run, type, payload, options?.idempotencyKey) as Promise<AgentEventOf<T>>;
  }

  /** Several events in one atomic append and one frame, in order; all or nothing. */
  emitBatch(items: readonly BatchItem[]): Promise<AgentEvent[]> {
    return this.#sink.emitToRun(this.run, items);
  }
}
