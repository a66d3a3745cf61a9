/** Entry point for `agents/base/executor`. */
export { notifyPhaseComplete, notifyPhaseError, notifyPhaseStart } from './legacy/executor-phases.js';
export type { ExecutionPhase, PhaseContext } from './legacy/executor-phases.js';
