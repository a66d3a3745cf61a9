/**
 * Every error the emitter throws at a caller. Each class has a stable `code` so callers and
 * other languages can branch on it without parsing messages.
 */
export abstract class EmitterError extends Error {
  abstract readonly code: string;
}

/** A payload or an identity failed validation. `field` is the dotted path of the first bad field. */
export class EventValidationError extends EmitterError {
  readonly code = 'ERR_UWS_VALIDATION' as const;
  constructor(
    readonly field: string,
    readonly detail: string,
    readonly eventType?: string,
  ) {
    super(`${eventType ? `${eventType}: ` : ''}invalid ${field}: ${detail}`);
    this.name = 'EventValidationError';
  }
}

export const LIFECYCLE_RULES = [
  /** an event other than agent_started before agent_started */
  'not_started',
  /** a second agent_started */
  'already_started',
  /** tool_completed for a toolCallId that is not executing */
  'tool_not_executing',
  /** tool_executing for a toolCallId that is already executing or done */
  'tool_call_reused',
  /** agent_completed{status:'succeeded'} while tool calls are still executing */
  'tools_still_executing',
  /** the same idempotencyKey used for an event of another type */
  'idempotency_key_reused',
] as const;
export type LifecycleRule = (typeof LIFECYCLE_RULES)[number];

/** The event is valid on its own but not at this point of the run. Nothing was sent. */
export class LifecycleError extends EmitterError {
  readonly code = 'ERR_UWS_LIFECYCLE' as const;
  constructor(
    readonly rule: LifecycleRule,
    readonly runId: string,
    message: string,
  ) {
    super(`run ${runId}: ${message}`);
    this.name = 'LifecycleError';
  }
}

/** The run already has its terminal event, or the server is closing. Nothing was sent. */
export class RunClosedError extends EmitterError {
  readonly code = 'ERR_UWS_RUN_CLOSED' as const;
  constructor(
    readonly runId: string,
    readonly reason: 'completed' | 'server_closed',
  ) {
    super(
      reason === 'completed'
        ? `run ${runId} is completed: no event may follow agent_completed`
        : `run ${runId}: the emitter server is closed`,
    );
    this.name = 'RunClosedError';
  }
}

/**
 * For store implementers: an append conditioned on the run's last `seq` (`ifLastSeq`, how
 * the watchdog ends a run it found idle) found that the run got another event meanwhile.
 * Nothing was appended. Never thrown at emit callers.
 */
export class RunChangedError extends EmitterError {
  readonly code = 'ERR_UWS_RUN_CHANGED' as const;
  constructor(
    readonly runId: string,
    readonly expectedLastSeq: number,
  ) {
    super(`run ${runId} got an event after seq ${expectedLastSeq}: nothing was appended`);
    this.name = 'RunChangedError';
  }
}

/** A caller or a socket tried to reach a run or a user it does not own. */
export class AuthorizationError extends EmitterError {
  readonly code = 'ERR_UWS_AUTHORIZATION' as const;
  constructor(message: string) {
    super(message);
    this.name = 'AuthorizationError';
  }
}

export function idempotencyKeyReused(runId: string, key: string, firstType: string, type: string): LifecycleError {
  return new LifecycleError(
    'idempotency_key_reused',
    runId,
    `idempotencyKey ${key} was used for ${firstType} and cannot be reused for ${type}`,
  );
}
