// d.18 executor phases reported as tool events.
import { notifyPhaseComplete, notifyPhaseError, notifyPhaseStart, type ExecutionContext, type ExecutionPhase } from '../agents/base/executor.js';

export async function runPhase(phase: ExecutionPhase, context: ExecutionContext, work: () => Promise<void>): Promise<void> {
  await notifyPhaseStart(phase, context);
  try {
    await work();
    await notifyPhaseComplete(phase, context);
  } catch (error) {
    await notifyPhaseError(phase, context, error);
  }
}
