import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { EventValidationError } from './errors.js';
import type { EventDraft } from './event-store.js';
import { fastParser, UNDECIDED } from './fast-parse.js';
import {
  AgentEventTypeSchema,
  isCriticalEventType,
  PAYLOAD_SCHEMAS,
  RunRefSchema,
  type AgentEventType,
  type RunRef,
} from './protocol.js';

/** What callers pass: `toolExecuting` may leave `toolCallId` out and get a generated one. */
export interface PayloadInputMap {
  agent_started: z.input<typeof PAYLOAD_SCHEMAS.agent_started>;
  agent_thinking: z.input<typeof PAYLOAD_SCHEMAS.agent_thinking>;
  tool_executing: Omit<z.input<typeof PAYLOAD_SCHEMAS.tool_executing>, 'toolCallId'> & { toolCallId?: string };
  tool_completed: z.input<typeof PAYLOAD_SCHEMAS.tool_completed>;
  agent_completed: z.input<typeof PAYLOAD_SCHEMAS.agent_completed>;
}

export interface EmitOptions {
  /** A repeat of the same key within the run returns the original event and sends nothing. */
  idempotencyKey?: string;
}

export type BatchItem = {
  [T in AgentEventType]: { type: T; payload: PayloadInputMap[T] } & EmitOptions;
}[AgentEventType];

// Every emit validates its payload: most take the derived fast path, the rest go to zod.
const FAST_PAYLOAD_PARSERS = {
  agent_started: fastParser(PAYLOAD_SCHEMAS.agent_started),
  agent_thinking: fastParser(PAYLOAD_SCHEMAS.agent_thinking),
  tool_executing: fastParser(PAYLOAD_SCHEMAS.tool_executing),
  tool_completed: fastParser(PAYLOAD_SCHEMAS.tool_completed),
  agent_completed: fastParser(PAYLOAD_SCHEMAS.agent_completed),
};

/**
 * By event type, the payload fields the schema leaves free (`z.unknown()`, records): the only
 * places a valid payload can hold what JSON cannot carry (a BigInt, a cycle) or would change
 * (a Date, a Buffer).
 */
const FREE_FORM_FIELDS = Object.fromEntries(
  Object.entries(PAYLOAD_SCHEMAS).map(([type, schema]) => [
    type,
    Object.entries(schema.shape)
      .filter(([, field]) => holdsAnyValue(field))
      .map(([name]) => name),
  ]),
) as unknown as Record<AgentEventType, readonly string[]>;

function holdsAnyValue(schema: z.core.$ZodType): boolean {
  const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };
  switch (def.type) {
    case 'optional':
    case 'nullable':
      return def.innerType !== undefined && holdsAnyValue(def.innerType);
    case 'object':
      return Object.values(def.shape ?? {}).some(holdsAnyValue);
    case 'array':
      return def.element !== undefined && holdsAnyValue(def.element);
    case 'unknown':
    case 'any':
    case 'record':
      return true;
    default:
      return false;
  }
}

export function validateRunRef(input: unknown): RunRef {
  const parsed = RunRefSchema.safeParse(input);
  if (!parsed.success) throw toValidationError(parsed.error, '');
  return parsed.data;
}

/** Validates one caller event into a draft; throws `EventValidationError` naming the field. */
export function toDraft(type: unknown, payload: unknown, idempotencyKey?: unknown): EventDraft {
  if (!isCriticalEventType(type)) {
    throw new EventValidationError('type', `expected one of ${AgentEventTypeSchema.options.join(', ')}, got ${String(type)}`);
  }
  const eventType = type;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new EventValidationError('payload', 'expected an object', eventType);
  }
  const withToolCallId =
    eventType === 'tool_executing' && (payload as { toolCallId?: unknown }).toolCallId === undefined
      ? { ...payload, toolCallId: `call_${randomUUID()}` }
      : payload;
  let data = FAST_PAYLOAD_PARSERS[eventType](withToolCallId);
  if (data === UNDECIDED) {
    const parsed = PAYLOAD_SCHEMAS[eventType].safeParse(withToolCallId);
    if (!parsed.success) throw toValidationError(parsed.error, 'payload', eventType);
    data = parsed.data;
  }
  toJsonFields(data as Record<string, unknown>, eventType);
  if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0 || idempotencyKey.length > 256)) {
    throw new EventValidationError('idempotencyKey', 'expected a string of 1 to 256 characters', eventType);
  }
  return { type: eventType, payload: data, idempotencyKey } as EventDraft;
}

/**
 * Puts the free-form fields (of the parsed copy, never the caller's object) in the form the
 * wire carries, their JSON read back, so that the envelope that resolves the emit, the one in
 * the replay log and the one on the wire hold the same data: a Buffer, say, goes out as its
 * JSON but would replay from the memory store as binary, and a Date as a string but resolve
 * as a Date. A value JSON cannot carry is refused here: found when its frame is written, after
 * the emit resolved with a `seq`, it would throw out of the caller's reach (taking the process
 * down) and leave the run a gap.
 */
function toJsonFields(payload: Record<string, unknown>, eventType: AgentEventType): void {
  for (const field of FREE_FORM_FIELDS[eventType]) {
    const value = payload[field];
    // JSON writes or leaves out every primitive as it is, but a BigInt.
    if (value === null || (typeof value !== 'object' && typeof value !== 'bigint')) continue;
    const json = jsonOf(value, `payload.${field}`, eventType);
    payload[field] = json === undefined ? undefined : JSON.parse(json);
  }
}

/**
 * `JSON.stringify(value)`, or `EventValidationError` for a value it throws on (a BigInt, a
 * cycle, a throwing `toJSON`).
 */
export function jsonOf(value: unknown, field: string, eventType?: string): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new EventValidationError(field, `expected JSON-serializable data: ${reason}`, eventType);
  }
}

function toValidationError(error: z.ZodError, prefix: string, eventType?: string): EventValidationError {
  const [issue] = error.issues;
  if (!issue) return new EventValidationError(prefix || 'value', error.message, eventType);
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') path.push(issue.keys[0] ?? '');
  const field = [prefix, ...path].filter((part) => part !== '').join('.') || prefix || 'value';
  return new EventValidationError(field, issue.message, eventType);
}

/** Options that count or measure something must be positive numbers: fail at construction, not later. */
export function positiveOption(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}
