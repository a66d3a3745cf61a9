import { debuglog } from 'node:util';
import { AuthorizationError, EventValidationError, LifecycleError, RunClosedError } from '@unified-ws/emitter';
import { config } from './config.js';
import type { LegacyApi } from './deprecation.js';
import { LegacyDeliveryError, NoEmitterServerError } from './errors.js';

/** `NODE_DEBUG=unified-ws-legacy` prints every failure, as the legacy code logged them. */
const log = debuglog('unified-ws-legacy');

export interface LegacyFailure {
  api: LegacyApi;
  /** `no_run_context`, `thread_owner_unknown`, …, or the emitter's `validation`, `lifecycle:<rule>`, `run_closed`, `authorization` */
  reason: string;
  message: string;
}

export interface LegacyFailureCount {
  api: string;
  reason: string;
  count: number;
  lastMessage: string;
}

const failures = new Map<string, LegacyFailureCount>();

/** Counts a legacy call the shim could not carry out, logs it, and tells `onFailure`. */
export function recordFailure(api: LegacyApi, error: unknown): void {
  const failure: LegacyFailure = { api, reason: reasonOf(error), message: messageOf(error) };
  const key = `${api}\u0000${failure.reason}`;
  const entry = failures.get(key) ?? { api, reason: failure.reason, count: 0, lastMessage: '' };
  entry.count++;
  entry.lastMessage = failure.message;
  failures.set(key, entry);
  log('%s failed (%s): %s', api, failure.reason, failure.message);
  try {
    config.onFailure?.(failure);
  } catch {
    // A broken hook must not turn a swallowed legacy failure into a crash.
  }
}

/**
 * Legacy methods that used to swallow errors (log, return `false`) keep doing so, but every
 * such failure is counted here: by API and reason, with the last message.
 */
export function getLegacyFailures(): LegacyFailureCount[] {
  return [...failures.values()]
    .map((entry) => ({ ...entry }))
    .sort((a, b) => a.api.localeCompare(b.api) || a.reason.localeCompare(b.reason));
}

/**
 * Runs a legacy operation whose legacy twin swallowed its errors: a failure is counted and
 * `fallback` returned. A missing EmitterServer in `fail` mode is a deployment error, not a
 * delivery failure, so it always reaches the caller.
 */
export async function swallowing<T>(api: LegacyApi, fallback: T, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof NoEmitterServerError) throw error;
    recordFailure(api, error);
    return fallback;
  }
}

/** Runs a legacy operation whose legacy twin raised: the failure is counted and rethrown. */
export async function counting<T>(api: LegacyApi, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!(error instanceof NoEmitterServerError)) recordFailure(api, error);
    throw error;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof LegacyDeliveryError) return error.reason;
  if (error instanceof EventValidationError) return 'validation';
  if (error instanceof LifecycleError) return `lifecycle:${error.rule}`;
  if (error instanceof RunClosedError) return 'run_closed';
  if (error instanceof AuthorizationError) return 'authorization';
  return 'error';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
