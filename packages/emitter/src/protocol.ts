import { z } from 'zod';

/**
 * Wire protocol v1. These zod schemas are the single source of the TypeScript types and of
 * the JSON Schema shipped for other languages (`schema/agent-events.schema.json`).
 */
export const PROTOCOL_VERSION = 1 as const;

export const DEFAULT_NAMESPACE = '/agent-events';

/** socket.io event names. Non-TS clients rely on these strings. */
export const WIRE = {
  /** server -> client: one envelope */
  event: 'agent_event',
  /** server -> client: an array of envelopes, in emit order (seq order per run) */
  events: 'agent_events',
  /** server -> client: a non-run message from `notifyUser` */
  userEvent: 'user_event',
  /** client -> server: cumulative `{runId, seq}` */
  ack: 'ack',
  /** client -> server: `{runId, afterSeq}` with an ack callback */
  resume: 'resume',
} as const;

export const CRITICAL_EVENTS = [
  'agent_started',
  'agent_thinking',
  'tool_executing',
  'tool_completed',
  'agent_completed',
] as const;

export const AgentEventTypeSchema = z.enum(CRITICAL_EVENTS);
export type AgentEventType = z.infer<typeof AgentEventTypeSchema>;

export const RUN_STATUSES = ['succeeded', 'failed', 'cancelled', 'timed_out'] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatusSchema>;

const name = z.string().trim().min(1).max(200);
const jsonObject = z.record(z.string(), z.unknown());
const nonNegativeInt = z.number().int().nonnegative();

export const UsageSchema = z.strictObject({
  inputTokens: nonNegativeInt,
  outputTokens: nonNegativeInt,
  costUsd: z.number().nonnegative(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const AgentStartedPayloadSchema = z.strictObject({
  agentName: name,
  message: z.string().optional(),
  context: jsonObject.optional(),
});

export const AgentThinkingPayloadSchema = z.strictObject({
  agentName: name,
  reasoning: z.string().min(1),
  stepNumber: nonNegativeInt.optional(),
  /** percent, 0..100 */
  progress: z.number().min(0).max(100).optional(),
});

export const ToolExecutingPayloadSchema = z.strictObject({
  agentName: name,
  toolName: name,
  toolCallId: name,
  parameters: jsonObject.optional(),
});

export const ToolCompletedPayloadSchema = z.strictObject({
  agentName: name,
  toolName: name,
  toolCallId: name,
  result: z.unknown().optional(),
  error: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
});

export const AgentCompletedPayloadSchema = z.strictObject({
  agentName: name,
  status: RunStatusSchema,
  result: z.unknown().optional(),
  error: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
  usage: UsageSchema.optional(),
});

export const PAYLOAD_SCHEMAS = {
  agent_started: AgentStartedPayloadSchema,
  agent_thinking: AgentThinkingPayloadSchema,
  tool_executing: ToolExecutingPayloadSchema,
  tool_completed: ToolCompletedPayloadSchema,
  agent_completed: AgentCompletedPayloadSchema,
} as const;

export interface PayloadMap {
  agent_started: z.infer<typeof AgentStartedPayloadSchema>;
  agent_thinking: z.infer<typeof AgentThinkingPayloadSchema>;
  tool_executing: z.infer<typeof ToolExecutingPayloadSchema>;
  tool_completed: z.infer<typeof ToolCompletedPayloadSchema>;
  agent_completed: z.infer<typeof AgentCompletedPayloadSchema>;
}

export type AgentStartedPayload = PayloadMap['agent_started'];
export type AgentThinkingPayload = PayloadMap['agent_thinking'];
export type ToolExecutingPayload = PayloadMap['tool_executing'];
export type ToolCompletedPayload = PayloadMap['tool_completed'];
export type AgentCompletedPayload = PayloadMap['agent_completed'];

const identity = z.string().min(1).max(256);

export const RunRefSchema = z.strictObject({
  userId: identity,
  threadId: identity,
  runId: identity,
});
/** A run is identified by `(userId, threadId, runId)`; `runId` is unique across users. */
export type RunRef = z.infer<typeof RunRefSchema>;

const envelopeBase = {
  v: z.literal(PROTOCOL_VERSION),
  /** `"<runId>:<seq>"`: unique, stable across retries and replays */
  id: z.string().min(3),
  seq: z.number().int().positive(),
  userId: identity,
  threadId: identity,
  runId: identity,
  /** ISO-8601 */
  ts: z.iso.datetime(),
  critical: z.literal(true),
};

function envelopeOf<T extends AgentEventType>(type: T) {
  return z.strictObject({ ...envelopeBase, type: z.literal(type), payload: PAYLOAD_SCHEMAS[type] });
}

export const AgentEventSchema = z.discriminatedUnion('type', [
  envelopeOf('agent_started'),
  envelopeOf('agent_thinking'),
  envelopeOf('tool_executing'),
  envelopeOf('tool_completed'),
  envelopeOf('agent_completed'),
]);

/** The envelope every client receives, discriminated by `type`. */
export type AgentEvent = z.infer<typeof AgentEventSchema>;
export type AgentEventOf<T extends AgentEventType> = Extract<AgentEvent, { type: T }>;

export const UserEventSchema = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  type: z.string().min(1).max(200),
  userId: identity,
  ts: z.iso.datetime(),
  data: z.unknown(),
});
/** A non-run message sent by `notifyUser` (a thread renamed, a corpus created, …). */
export type UserEvent = z.infer<typeof UserEventSchema>;

export const AckMessageSchema = z.strictObject({
  runId: identity,
  seq: z.number().int().nonnegative(),
});
export type AckMessage = z.infer<typeof AckMessageSchema>;

export const ResumeRequestSchema = z.strictObject({
  runId: identity,
  afterSeq: z.number().int().nonnegative(),
});
export type ResumeRequest = z.infer<typeof ResumeRequestSchema>;

export const RESUME_FAILURE_REASONS = ['expired', 'unknown_run', 'forbidden', 'invalid_request', 'unavailable'] as const;
export const ResumeResponseSchema = z.discriminatedUnion('recovered', [
  z.strictObject({ recovered: z.literal(true), events: z.array(AgentEventSchema) }),
  z.strictObject({ recovered: z.literal(false), reason: z.enum(RESUME_FAILURE_REASONS) }),
]);
/** All-or-nothing: either every event after `afterSeq`, or a reason. Never a partial replay. */
export type ResumeResponse = z.infer<typeof ResumeResponseSchema>;
export type ResumeFailureReason = (typeof RESUME_FAILURE_REASONS)[number];

export function eventId(runId: string, seq: number): string {
  return `${runId}:${seq}`;
}

export function isCriticalEventType(value: unknown): value is AgentEventType {
  return typeof value === 'string' && (CRITICAL_EVENTS as readonly string[]).includes(value);
}

/** socket.io typings of the namespace, shared by the server and the client SDK. */
export interface ServerToClientEvents {
  agent_event: (event: AgentEvent) => void;
  agent_events: (events: AgentEvent[]) => void;
  user_event: (event: UserEvent) => void;
}

export interface ClientToServerEvents {
  ack: (message: AckMessage) => void;
  resume: (request: ResumeRequest, answer: (response: ResumeResponse) => void) => void;
}
