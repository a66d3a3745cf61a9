import type { LegacyFailure } from './failures.js';

type MaybePromise<T> = T | Promise<T>;

export interface LegacyCompatOptions {
  /**
   * Who owns a thread: the authoritative answer for `sendToThread(threadId, …)` and any call
   * that knows a thread but no user (e.g. a database lookup). Asked before the shim's own
   * registry of contexts it has seen; return `undefined` when unknown.
   */
  resolveThreadOwner?: ((threadId: string) => MaybePromise<string | undefined>) | undefined;
  /**
   * The `(userId, threadId)` of a run id, for bridge calls that pass only a run id. Asked
   * after the shim's registry (a run id seen in a context is never re-resolved).
   */
  resolveRunContext?: ((runId: string) => MaybePromise<{ userId: string; threadId: string } | undefined>) | undefined;
  /**
   * Thread owners and run contexts remembered from the contexts legacy callers pass
   * (each map; least recently seen forgotten first).
   * @default 10_000
   */
  registryLimit?: number | undefined;
  /**
   * Runs whose legacy pairing state (open tool calls by name, idempotency ordinals) is kept.
   * @default 10_000
   */
  runStateLimit?: number | undefined;
  /**
   * What a legacy call does when no default EmitterServer is registered:
   * `'detached'` delivers into an in-memory server that no client can reach (one warning,
   * code `UNIFIED_WS_NO_SERVER`), so unit tests of phase-1 code keep passing;
   * `'fail'` throws `NoEmitterServerError` from every call, even those that swallow errors.
   * @default 'fail' when NODE_ENV is 'production', else 'detached'
   */
  whenNoServer?: 'detached' | 'fail' | undefined;
  /** Called for each legacy call the shim could not carry out (after counting it). */
  onFailure?: ((failure: LegacyFailure) => void) | undefined;
}

export const config: LegacyCompatOptions = {};

/** Sets shim-wide options; keys you pass replace the current ones (`undefined` restores the default). */
export function configureLegacyCompat(options: LegacyCompatOptions): void {
  for (const limit of ['registryLimit', 'runStateLimit'] as const) {
    const value = options[limit];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new RangeError(`configureLegacyCompat: ${limit} must be a positive integer, got ${value}`);
    }
  }
  Object.assign(config, options);
}

export const registryLimit = (): number => config.registryLimit ?? 10_000;
export const runStateLimit = (): number => config.runStateLimit ?? 10_000;
