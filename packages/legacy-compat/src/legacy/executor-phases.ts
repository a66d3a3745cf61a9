import { deliverRunEvent } from '../core/delivery.js';
import { deprecated, type LegacyApi } from '../core/deprecation.js';
import { swallowing } from '../core/failures.js';
import { readIds, withFallback, type LegacyContextInput } from '../core/legacy-context.js';
import { errorText, type LegacyEvent } from '../core/payload-mapping.js';
import type { WebSocketManagerProtocol } from './protocols.js';
import { managerIds } from './websocket-manager.js';

/** An execution phase of the legacy strategy handlers (sequential, pipeline, parallel). */
export interface ExecutionPhase {
  name: string;
  dependencies?: readonly string[];
  parallel?: boolean;
}

/** The executor's context: a run, the agent running it, and (legacy) the manager of its user. */
export type PhaseContext = LegacyContextInput & {
  runId: string;
  agentName?: string;
  websocketManager?: WebSocketManagerProtocol | unknown;
};

/**
 * The strategy handlers mapped phases onto tool events through manager methods that never
 * existed (`send_tool_executing`, …). Here a phase is a tool call named after it:
 * start = `tool_executing{toolName: phase.name, parameters}` with the legacy phase data
 * (`{phase, parallel: true}` or `{phase, dependencies}`), complete = `tool_completed{result?}`,
 * error = `tool_completed{error}`: the phase failed, the run goes on. The run is the
 * context's, completed from its manager's context. Failures are swallowed and counted.
 */
export async function notifyPhaseStart(phase: ExecutionPhase, context: PhaseContext): Promise<void> {
  deprecated('notifyPhaseStart');
  const parameters = phase.parallel
    ? { phase: phase.name, parallel: true }
    : { phase: phase.name, dependencies: [...(phase.dependencies ?? [])] };
  return phaseEvent('notifyPhaseStart', context, { type: 'tool_executing', toolName: phase.name, parameters });
}

export async function notifyPhaseComplete(phase: ExecutionPhase, context: PhaseContext, result?: unknown): Promise<void> {
  deprecated('notifyPhaseComplete');
  return phaseEvent('notifyPhaseComplete', context, { type: 'tool_completed', toolName: phase.name, result });
}

export async function notifyPhaseError(phase: ExecutionPhase, context: PhaseContext, error: unknown): Promise<void> {
  deprecated('notifyPhaseError');
  return phaseEvent('notifyPhaseError', context, {
    type: 'tool_completed',
    toolName: phase.name,
    error: errorText(error) ?? 'phase failed',
  });
}

async function phaseEvent(api: LegacyApi, context: PhaseContext, event: LegacyEvent): Promise<void> {
  await swallowing(api, undefined, async () => {
    const ids = withFallback(readIds(context), managerIds(context.websocketManager as WebSocketManagerProtocol | undefined));
    event.agentName ??= ids.agentName;
    await deliverRunEvent(ids, 'executor', event);
  });
}
