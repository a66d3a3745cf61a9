/**
 * Errors of the shim itself. The emitter's own errors (`EventValidationError`,
 * `LifecycleError`, `RunClosedError`, `AuthorizationError`) pass through unchanged where a
 * legacy method used to throw, and are counted where it used to swallow.
 */
export abstract class LegacyCompatError extends Error {
  abstract readonly code: string;
}

/** `UNIFIED_WS_LEGACY=throw` is set and a deprecated API was called. */
export class LegacyStrictModeError extends LegacyCompatError {
  readonly code = 'ERR_UWS_LEGACY_STRICT' as const;
  constructor(
    readonly api: string,
    readonly replacement: string,
  ) {
    super(`${api} is a deprecated legacy API and UNIFIED_WS_LEGACY=throw is set: use ${replacement}`);
    this.name = 'LegacyStrictModeError';
  }
}

/** No default EmitterServer is registered and the shim is told not to make a detached one. */
export class NoEmitterServerError extends LegacyCompatError {
  readonly code = 'ERR_UWS_LEGACY_NO_SERVER' as const;
  constructor() {
    super(
      'legacy-compat has no EmitterServer to deliver through: call ' +
        'setDefaultEmitterServer(createEmitterServer({ io, authenticate })) once at start-up',
    );
    this.name = 'NoEmitterServerError';
  }
}

export const DELIVERY_FAILURES = [
  /** the call carries no (userId, threadId, runId) and none could be resolved */
  'no_run_context',
  /** sendToThread: nobody is known to own the thread */
  'thread_owner_unknown',
  /** sendToThread: the thread was seen with two different users; delivering could leak */
  'thread_owner_ambiguous',
  /** sendMessage/sendEvent: the connection id was never registered */
  'unknown_connection',
  /** StandardWebSocketBridge: the run id is not the bridge's run */
  'run_mismatch',
  /** a broadcast with nobody to send to */
  'no_recipient',
  /** StandardWebSocketBridge: no agent bridge, emitter or manager set (legacy sent nothing either) */
  'no_adapter',
  /** `whenNoServer: 'fail'`: the registered EmitterServer closed (a shutdown, not a missing start-up line) */
  'server_closed',
  /** a `resolveRunContext`/`resolveThreadOwner` hook made a legacy call on the run it was asked for, which would wait for the hook */
  'hook_reentry',
] as const;
export type DeliveryFailure = (typeof DELIVERY_FAILURES)[number];

/** The shim could not work out where a legacy call should go. Nothing was sent. */
export class LegacyDeliveryError extends LegacyCompatError {
  readonly code = 'ERR_UWS_LEGACY_DELIVERY' as const;
  constructor(
    readonly reason: DeliveryFailure,
    message: string,
  ) {
    super(message);
    this.name = 'LegacyDeliveryError';
  }
}
