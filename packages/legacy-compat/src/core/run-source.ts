import type { RunRef } from '@unified-ws/emitter';

/**
 * How a bridge tells the agent adapter which run a run id is, without a public (and
 * counted) method: a symbol-keyed member that legacy code never calls.
 */
export const RUN_OF = Symbol('unified-ws.legacy-compat.runOf');

export interface RunSource {
  [RUN_OF](runId: string): Promise<RunRef>;
}
