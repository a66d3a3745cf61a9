import type { UserExecutionContext } from '../../websocket-core/user-execution-context.js';

export interface ExecutionPhase {
  name: string;
  dependencies?: string[];
}
export interface ExecutionContext extends UserExecutionContext {
  agentName?: string;
}
export declare function notifyPhaseStart(phase: ExecutionPhase, context: ExecutionContext): Promise<void>;
export declare function notifyPhaseComplete(phase: ExecutionPhase, context: ExecutionContext): Promise<void>;
export declare function notifyPhaseError(phase: ExecutionPhase, context: ExecutionContext, error: unknown): Promise<void>;
