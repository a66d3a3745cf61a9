import { randomUUID } from 'node:crypto';
import { learn } from '../core/context-registry.js';
import { deprecated } from '../core/deprecation.js';
import { readIds, type LegacyContextInput, type LegacyUserContext } from '../core/legacy-context.js';
import { isRecord } from '../core/payload-mapping.js';

export interface DefensiveContextOptions {
  /** the connection id of the handshake */
  websocketClientId?: string | undefined;
  /** a context-like object (camelCase or snake_case) whose threadId/runId are reused */
  fallbackContext?: Record<string, unknown> | undefined;
}

/**
 * The auth handshake's context, as legacy built it: thread and run from `fallbackContext`
 * or freshly generated, `requestId = defensive_auth_<user>_<connection or no_ws>`, the
 * fallback kept as `agentContext`. The shim also remembers that the user owns the thread.
 */
export function createDefensiveUserExecutionContext(userId: string, options: DefensiveContextOptions = {}): LegacyUserContext {
  deprecated('createDefensiveUserExecutionContext');
  if (typeof userId !== 'string' || userId.length === 0) {
    throw new TypeError('createDefensiveUserExecutionContext: userId must be a non-empty string');
  }
  const fallback = readIds(options.fallbackContext);
  const context: LegacyUserContext = {
    userId,
    threadId: fallback.threadId ?? `thread_${randomUUID()}`,
    runId: fallback.runId ?? `run_${randomUUID()}`,
    requestId: `defensive_auth_${userId}_${options.websocketClientId ?? 'no_ws'}`,
    agentContext: options.fallbackContext ?? {},
  };
  if (options.websocketClientId !== undefined) context.websocketClientId = options.websocketClientId;
  learn(context);
  return context;
}

export interface TestUserContext extends LegacyUserContext {
  sessionId: string;
  requestId: string;
  isTest: true;
}

/** An ad-hoc test context. Unlike legacy's it is a whole context (thread and run too), so it can drive a run. */
export function createTestUserContext(): TestUserContext {
  deprecated('createTestUserContext');
  const id = randomUUID();
  return {
    userId: `test_user_${id}`,
    threadId: `test_thread_${id}`,
    runId: `test_run_${id}`,
    sessionId: `test_session_${id}`,
    requestId: `test_request_${id}`,
    isTest: true,
  };
}

/** What the SSOT validators look at, in either casing. */
export interface SsotValidatable {
  userId?: unknown;
  user_id?: unknown;
  requestId?: unknown;
  request_id?: unknown;
  sharedState?: unknown;
  _shared_state?: unknown;
  environment?: unknown;
  enabledFeatures?: readonly string[];
  features?: unknown;
}

/**
 * Legacy's SSOT check: a string `userId`, a `requestId`, and no shared state
 * (`_shared_state` / `sharedState` truthy).
 */
export function validateSsotUserContext(context: SsotValidatable | LegacyContextInput | null | undefined): boolean {
  deprecated('validateSsotUserContext');
  return ssotValid(context);
}

/** The check above, and also no production environment nor production-only features. */
export function validateSsotUserContextStagingSafe(context: SsotValidatable | LegacyContextInput | null | undefined): boolean {
  deprecated('validateSsotUserContextStagingSafe');
  const fields: unknown = context;
  if (!ssotValid(fields)) return false;
  if (fields['environment'] === 'production') return false;
  const features = fields['enabledFeatures'] ?? fields['features'];
  const enabled = Array.isArray(features)
    ? features.map(String)
    : isRecord(features)
      ? Object.keys(features).filter((key) => features[key])
      : [];
  return !enabled.some((feature) => PRODUCTION_ONLY_FEATURES.has(feature));
}

const PRODUCTION_ONLY_FEATURES = new Set(['production_database', 'real_payment_processing', 'external_apis']);

function ssotValid(context: unknown): context is Record<string, unknown> {
  if (!isRecord(context)) return false;
  const userId = context['userId'] ?? context['user_id'];
  const requestId = context['requestId'] ?? context['request_id'];
  if (typeof userId !== 'string' || userId.length === 0) return false;
  if (requestId === undefined || requestId === null) return false;
  return !(context['_shared_state'] || context['sharedState']);
}
