import type { RunRef } from '@unified-ws/emitter';

/**
 * The legacy user execution context (Python's frozen `UserExecutionContext`), camelCased.
 * It is what turns a legacy call into a run `(userId, threadId, runId)` of the emitter.
 */
export interface LegacyUserContext {
  userId: string;
  threadId: string;
  runId: string;
  requestId?: string;
  /** the socket connection id of the request; alias `websocketConnectionId` */
  websocketClientId?: string;
  websocketConnectionId?: string;
  agentContext?: Record<string, unknown>;
  auditMetadata?: Record<string, unknown>;
  operationDepth?: number;
  parentRequestId?: string;
  createdAt?: string | Date;
}

/** The same context as legacy Python code and JSON hand it over. */
export interface SnakeCaseUserContext {
  user_id: string;
  thread_id: string;
  run_id: string;
  request_id?: string;
  websocket_client_id?: string;
  websocket_connection_id?: string;
  agent_context?: Record<string, unknown>;
}

/** What legacy calls accept as a context: whole or partial, camelCase or snake_case. */
export type LegacyContextInput = Partial<LegacyUserContext> & Partial<SnakeCaseUserContext>;

/** The identifiers the shim reads from any context-like object (contexts, messages, exec contexts). */
export interface ContextIds {
  userId?: string;
  threadId?: string;
  runId?: string;
  requestId?: string;
  websocketClientId?: string;
  agentName?: string;
}

const FIELDS = {
  userId: ['userId', 'user_id'],
  threadId: ['threadId', 'thread_id'],
  runId: ['runId', 'run_id'],
  requestId: ['requestId', 'request_id'],
  websocketClientId: ['websocketClientId', 'websocket_client_id', 'websocketConnectionId', 'websocket_connection_id'],
  agentName: ['agentName', 'agent_name'],
} as const satisfies Record<keyof ContextIds, readonly string[]>;

/** Reads the ids of a context-like value, whatever its casing; absent or empty ids are left out. */
export function readIds(value: unknown): ContextIds {
  const ids: ContextIds = {};
  if (value === null || typeof value !== 'object') return ids;
  const source = value as Record<string, unknown>;
  for (const [field, names] of Object.entries(FIELDS) as Array<[keyof ContextIds, readonly string[]]>) {
    for (const name of names) {
      const id = idOf(source[name]);
      if (id !== undefined) {
        ids[field] = id;
        break;
      }
    }
  }
  return ids;
}

/** The first value of each field across `sources` (most specific first). */
export function mergeIds(...sources: ReadonlyArray<ContextIds | undefined>): ContextIds {
  const merged: ContextIds = {};
  for (const source of sources) {
    if (!source) continue;
    for (const [field, id] of Object.entries(source) as Array<[keyof ContextIds, string | undefined]>) {
      if (id !== undefined && merged[field] === undefined) merged[field] = id;
    }
  }
  return merged;
}

/**
 * `primary` completed by `fallback` only where they agree: the same user (or none named),
 * and the same run (or one of them names none), so a thread is never paired with another
 * run's id.
 */
export function withFallback(primary: ContextIds, fallback: ContextIds | undefined): ContextIds {
  const compatible =
    fallback !== undefined &&
    (!primary.userId || !fallback.userId || primary.userId === fallback.userId) &&
    (!primary.runId || !fallback.runId || primary.runId === fallback.runId);
  return compatible ? mergeIds(primary, fallback) : primary;
}

export function runRefOf(ids: ContextIds): RunRef | undefined {
  const { userId, threadId, runId } = ids;
  return userId && threadId && runId ? { userId, threadId, runId } : undefined;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}
