import { LifecycleError, RunClosedError } from './errors.js';
import type { EventDraft } from './event-store.js';
import type { AgentEventType } from './protocol.js';

/**
 * The run lifecycle, in one place:
 * `agent_started` first and once; then any of `agent_thinking`, `tool_executing(toolCallId)`,
 * `tool_completed(toolCallId)` (only while that call is executing); `agent_completed` last and
 * once, and with `status: 'succeeded'` only when no tool call is left executing.
 *
 * The state is plain data so that every store (memory, Redis Lua) enforces the same rules;
 * the Redis script mirrors `checkTransition` and the shared store suite holds both to it.
 */
export interface LifecycleState {
  started: boolean;
  completed: boolean;
  /** toolCallId -> whether it is still executing (false once completed) */
  toolCalls: Map<string, boolean>;
}

export interface LifecycleInput {
  type: AgentEventType;
  toolCallId?: string | undefined;
  status?: string | undefined;
}

/** The part of a draft the lifecycle rules look at. */
export function lifecycleInput(draft: EventDraft): LifecycleInput {
  switch (draft.type) {
    case 'tool_executing':
    case 'tool_completed':
      return { type: draft.type, toolCallId: draft.payload.toolCallId };
    case 'agent_completed':
      return { type: draft.type, status: draft.payload.status };
    default:
      return { type: draft.type };
  }
}

export function initialLifecycleState(): LifecycleState {
  return { started: false, completed: false, toolCalls: new Map() };
}

export function cloneLifecycleState(state: LifecycleState): LifecycleState {
  return { started: state.started, completed: state.completed, toolCalls: new Map(state.toolCalls) };
}

/** Throws the error the transition violates, or returns normally when it is allowed. */
export function checkTransition(state: LifecycleState, runId: string, input: LifecycleInput): void {
  if (state.completed) throw new RunClosedError(runId, 'completed');
  if (input.type === 'agent_started') {
    if (state.started) throw new LifecycleError('already_started', runId, 'agent_started may be sent only once');
    return;
  }
  if (!state.started) {
    throw new LifecycleError('not_started', runId, `${input.type} before agent_started`);
  }
  switch (input.type) {
    case 'tool_executing':
      if (input.toolCallId !== undefined && state.toolCalls.has(input.toolCallId)) {
        throw new LifecycleError('tool_call_reused', runId, `toolCallId ${input.toolCallId} was already used in this run`);
      }
      return;
    case 'tool_completed':
      if (input.toolCallId === undefined || state.toolCalls.get(input.toolCallId) !== true) {
        throw new LifecycleError(
          'tool_not_executing',
          runId,
          `tool_completed for toolCallId ${String(input.toolCallId)}, which is not executing`,
        );
      }
      return;
    case 'agent_completed':
      if (input.status === 'succeeded') {
        const open = [...state.toolCalls].filter(([, executing]) => executing).map(([id]) => id);
        if (open.length > 0) {
          throw new LifecycleError(
            'tools_still_executing',
            runId,
            `agent_completed{status:'succeeded'} while tool calls are executing: ${open.join(', ')}`,
          );
        }
      }
      return;
    case 'agent_thinking':
      return;
  }
}

/** Applies an allowed transition in place. Call `checkTransition` first. */
export function applyTransition(state: LifecycleState, input: LifecycleInput): void {
  switch (input.type) {
    case 'agent_started':
      state.started = true;
      return;
    case 'tool_executing':
      if (input.toolCallId !== undefined) state.toolCalls.set(input.toolCallId, true);
      return;
    case 'tool_completed':
      if (input.toolCallId !== undefined) state.toolCalls.set(input.toolCallId, false);
      return;
    case 'agent_completed':
      state.completed = true;
      return;
    case 'agent_thinking':
      return;
  }
}

/** Executing tool calls, in the order they started (used to close them on cancel/timeout). */
export function openToolCalls(state: LifecycleState): string[] {
  return [...state.toolCalls].filter(([, executing]) => executing).map(([id]) => id);
}
