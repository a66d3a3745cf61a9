import { isCriticalEventType, type AgentEventType, type PayloadInputMap, type RunStatus, type Usage } from '@unified-ws/emitter';

type AgentOptional<T> = Omit<T, 'agentName'> & { agentName?: string | undefined };

/**
 * A canonical event as a legacy call states it: the agent name may be missing (the run
 * remembers it) and a completion may not know its tool call id (it is paired by tool name).
 */
export type LegacyEvent =
  | ({ type: 'agent_started' } & AgentOptional<PayloadInputMap['agent_started']>)
  | ({ type: 'agent_thinking' } & AgentOptional<PayloadInputMap['agent_thinking']>)
  | ({ type: 'tool_executing' } & AgentOptional<PayloadInputMap['tool_executing']>)
  | ({ type: 'tool_completed' } & AgentOptional<Omit<PayloadInputMap['tool_completed'], 'toolCallId'>> & {
      toolCallId?: string | undefined;
    })
  | ({ type: 'agent_completed' } & AgentOptional<PayloadInputMap['agent_completed']>);

export type LegacyMessage = Record<string, unknown>;

/** A legacy message either is one of the five run events, or is passed on as a user event. */
export type Classified = { kind: 'run'; event: LegacyEvent } | { kind: 'user'; type: string; data: LegacyMessage };

/** Legacy event names that mean one of the five run events. */
const RUN_TYPE_ALIASES: Readonly<Record<string, AgentEventType>> = {
  // notify_agent_thinking's data carried type "reasoning", which overwrote the envelope type
  reasoning: 'agent_thinking',
  progress_update: 'agent_thinking',
  tool_started: 'tool_executing',
  agent_error: 'agent_completed',
  agent_death: 'agent_completed',
  agent_failed: 'agent_completed',
};
const FAILURE_TYPES = new Set(['agent_error', 'agent_death', 'agent_failed']);

export const DEFAULT_REASONING = 'Agent is thinking...';

/**
 * Maps a legacy message onto the canonical protocol. Its fields may be flat (shape F),
 * under `payload` (shape N), under `data` (shape D) or under `metadata`; snake_case and
 * camelCase both work. The event type comes from the legacy call, never from the data, so
 * a caller's `type` field cannot overwrite it.
 */
export function classifyLegacyMessage(type: string, data: unknown): Classified {
  const runType = isCriticalEventType(type) ? type : RUN_TYPE_ALIASES[type];
  if (runType === undefined) return { kind: 'user', type, data: messageData(data) };
  if (type === 'progress_update') return { kind: 'run', event: progressEvent(data) };
  const event = toLegacyEvent(runType, data);
  if (event.type === 'agent_completed' && FAILURE_TYPES.has(type)) {
    event.status = 'failed';
    event.error ??= errorText(look(data, 'message', 'death_cause', 'deathCause', 'error_message')) ?? type;
  }
  return { kind: 'run', event };
}

/** A legacy progress update, as an `agent_thinking` with `progress`: ordered and replayed with its run. */
export function progressEvent(data: unknown): Extract<LegacyEvent, { type: 'agent_thinking' }> {
  const progress = percent(look(data, 'percentage', 'progress_percentage', 'progressPercentage', 'progress'));
  return {
    type: 'agent_thinking',
    agentName: name(look(data, 'agent_name', 'agentName')),
    reasoning:
      text(look(data, 'message', 'status', 'reasoning')) ??
      (progress === undefined ? DEFAULT_REASONING : `Progress: ${progress}%`),
    progress,
  };
}

export function toLegacyEvent<T extends AgentEventType>(type: T, data: unknown): Extract<LegacyEvent, { type: T }> {
  return mapEvent(type, data) as Extract<LegacyEvent, { type: T }>;
}

function mapEvent(type: AgentEventType, data: unknown): LegacyEvent {
  const agentName = name(look(data, 'agent_name', 'agentName', 'agent'));
  switch (type) {
    case 'agent_started': {
      const context = { ...record(look(data, 'metadata')), ...record(look(data, 'context')) };
      return {
        type,
        agentName,
        message: text(look(data, 'message')),
        context: Object.keys(context).length > 0 ? context : undefined,
      };
    }
    case 'agent_thinking':
      return {
        type,
        agentName,
        reasoning: text(look(data, 'reasoning', 'thought', 'message', 'content', 'text')) ?? DEFAULT_REASONING,
        stepNumber: count(look(data, 'step_number', 'stepNumber', 'step')),
        progress: percent(look(data, 'progress_percentage', 'progressPercentage', 'progress', 'percentage')),
      };
    case 'tool_executing':
      return {
        type,
        agentName,
        toolName: toolNameOf(data),
        toolCallId: name(look(data, 'tool_call_id', 'toolCallId', 'event_id')),
        parameters: parameters(look(data, 'parameters', 'args', 'params', 'arguments')),
      };
    case 'tool_completed': {
      const status = text(look(data, 'status'));
      return {
        type,
        agentName,
        toolName: toolNameOf(data),
        toolCallId: name(look(data, 'tool_call_id', 'toolCallId', 'event_id')),
        result: look(data, 'result', 'output', 'results'),
        error: errorText(look(data, 'error')) ?? (status === 'failed' || status === 'error' ? status : undefined),
        durationMs: duration(look(data, 'execution_time_ms', 'executionTimeMs', 'duration_ms', 'durationMs')),
      };
    }
    case 'agent_completed': {
      const error = errorText(look(data, 'error'));
      return {
        type,
        agentName,
        status: runStatus(look(data, 'status'), error),
        result: look(data, 'result', 'output'),
        error,
        durationMs: duration(look(data, 'execution_time_ms', 'executionTimeMs', 'duration_ms', 'durationMs')),
        usage: usage(look(data, 'usage', 'token_usage', 'tokenUsage')),
      };
    }
  }
}

/** The caller's own message for `notifyUser`: everything but the `type` it is sent as. */
export function messageData(data: unknown): LegacyMessage {
  if (!isRecord(data)) return data === undefined ? {} : { value: data };
  return Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'type'));
}

/**
 * The first of `names` found on the message itself, then under `payload`, `data` and
 * `metadata`. Earlier names win over later ones wherever they are.
 */
export function look(data: unknown, ...names: string[]): unknown {
  if (!isRecord(data)) return undefined;
  const sources = [data, data['payload'], data['data'], data['metadata']].filter(isRecord);
  for (const key of names) {
    for (const source of sources) {
      const value = source[key];
      if (value !== undefined && value !== null) return value;
    }
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

function toolNameOf(data: unknown): string {
  return name(look(data, 'tool_name', 'toolName', 'tool')) ?? 'unknown_tool';
}

/** A name as the protocol takes it: 1 to 200 characters. */
export function name(value: unknown): string | undefined {
  const value_ = text(value)?.trim();
  return value_ ? value_.slice(0, 200) : undefined;
}

export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isRecord(value) || Array.isArray(value)) return JSON.stringify(value);
  return undefined;
}

export function errorText(value: unknown): string | undefined {
  if (value instanceof Error) return value.message || value.name;
  if (isRecord(value) && typeof value['message'] === 'string') return value['message'];
  return text(value);
}

export function count(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? Math.trunc(number) : undefined;
}

export function percent(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? Math.min(100, Math.max(0, number)) : undefined;
}

function duration(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined;
}

/** Tool parameters are an object on the wire; anything else is wrapped as `{ value }`. */
export function parameters(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  return isRecord(value) ? value : { value };
}

const STATUSES: Readonly<Record<string, RunStatus>> = {
  completed: 'succeeded',
  complete: 'succeeded',
  success: 'succeeded',
  succeeded: 'succeeded',
  done: 'succeeded',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  timed_out: 'timed_out',
  timeout: 'timed_out',
};

function runStatus(value: unknown, error: string | undefined): RunStatus {
  const known = typeof value === 'string' ? STATUSES[value.toLowerCase()] : undefined;
  return known ?? (error === undefined ? 'succeeded' : 'failed');
}

/** Token figures in any legacy spelling, as the protocol's `usage`. */
function usage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const inputTokens = count(value['inputTokens'] ?? value['input_tokens'] ?? value['total_input_tokens']);
  const outputTokens = count(value['outputTokens'] ?? value['output_tokens'] ?? value['total_output_tokens']);
  const costUsd = duration(value['costUsd'] ?? value['cost_usd'] ?? value['cost'] ?? value['total_cost']);
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  return { inputTokens, outputTokens, costUsd: costUsd ?? 0 };
}
