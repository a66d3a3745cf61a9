import { isCriticalEventType, type AgentEvent, type RunRef } from '@unified-ws/emitter';
import { knownRun, learn, threadOwner } from './context-registry.js';
import { LegacyDeliveryError } from './errors.js';
import { mergeIds, readIds, runRefOf, withFallback, type ContextIds } from './legacy-context.js';
import { classifyLegacyMessage, isRecord, messageData, type LegacyEvent, type LegacyMessage } from './payload-mapping.js';
import { emitRunEvent, inRunOrder, type LegacySource, type RunTurn } from './run-tracker.js';
import { emitterServer } from './server.js';

/**
 * The run a legacy call means, from the ids it passed (most specific first) and what the
 * shim has learned: a full `(userId, threadId, runId)`; else a known run id (of the same
 * user, when one is named); else a thread whose owner is known. Never guesses a user.
 */
export async function resolveRun(ids: ContextIds): Promise<RunRef> {
  const complete = runRefOf(ids);
  if (complete) {
    learn(complete);
    return complete;
  }
  const { userId, threadId, runId } = ids;
  if (runId) {
    const known = await knownRun(runId);
    if (known && (!userId || userId === known.userId) && (!threadId || threadId === known.threadId)) return known;
    if (threadId && !userId) {
      const ref = { userId: await threadOwner(threadId), threadId, runId };
      learn(ref);
      return ref;
    }
  }
  throw new LegacyDeliveryError(
    'no_run_context',
    `cannot tell which run this is (userId ${userId ?? '?'}, threadId ${threadId ?? '?'}, runId ${runId ?? '?'}): ` +
      'pass a user execution context with userId, threadId and runId',
  );
}

/** A run event from a legacy path, on the run its ids resolve to, in the order of the calls on that run. */
export function deliverRunEvent(ids: ContextIds, source: LegacySource, event: LegacyEvent): Promise<AgentEvent[]> {
  return inRunOrder(ids.runId, async (turn) => emitRunEvent(await resolveRun(ids), source, event, turn));
}

/**
 * The run id a message to `deliverToUser` lands on, before anything is looked up: its own
 * `run_id`, else the caller's context's. The key of the call's place in that run's order.
 */
export function messageRunId(data: unknown, fallback: ContextIds | undefined): string | undefined {
  return readIds(data).runId ?? fallback?.runId;
}

/**
 * A raw legacy message (`sendToUser`, `emitCriticalEvent`, `sendEvent`, …) to `userId`.
 * The five run events (and their legacy aliases) go to their run, found from the message's
 * own `run_id`/`thread_id` and then from `fallback` when it is the same user's context;
 * anything else is the caller's own message and goes out as `notifyUser(userId, type, data)`.
 *
 * Call it before awaiting anything, or pass the place the call took in its run's order
 * (`inRunOrder(messageRunId(data, fallback), …)`) when the caller had to look something up first.
 */
export function deliverToUser(
  userId: string,
  type: string,
  data: unknown,
  source: LegacySource,
  fallback?: ContextIds,
  turn?: RunTurn,
): Promise<void> {
  return inRunOrder(turn ? undefined : messageRunId(data, fallback), (own) =>
    deliverTo({ userId }, type, data, source, fallback, turn ?? own),
  );
}

/** `sendToThread`: the thread's owner receives it, or nothing is sent and the call fails. */
export async function deliverToThread(
  threadId: string,
  message: LegacyMessage,
  source: LegacySource,
  fallback?: ContextIds,
): Promise<void> {
  // The caller's own context answers for its thread, unless it is the legacy `userId = threadId` fabrication.
  const context = fallback?.threadId === threadId && fallback.userId !== threadId ? fallback : undefined;
  // Its place in the run's order is taken before the owner lookup, which may take a while.
  await inRunOrder(messageRunId(message, context), async (turn) => {
    const userId = context?.userId ?? (await threadOwner(threadId));
    // The thread is the call's own argument, so it is never dropped with a context that names
    // another run: a message's `run_id` on this thread is a run of this thread's owner.
    await deliverTo({ userId, threadId }, typeOf(message), message, source, { ...context, userId, threadId }, turn);
  });
}

/**
 * `target` holds what the call itself named (the recipient, and for `sendToThread` the
 * thread); it wins over the message's ids, which win over `fallback`. So the message's
 * `run_id` wins over the handle's run, as legacy sent the message as it was.
 */
async function deliverTo(
  target: { userId: string; threadId?: string },
  type: string,
  data: unknown,
  source: LegacySource,
  fallback: ContextIds | undefined,
  turn: RunTurn | undefined,
): Promise<void> {
  const { userId } = target;
  const classified = classifyLegacyMessage(type, data);
  if (classified.kind === 'user') {
    emitterServer().notifyUser(userId, type, scrubForeignUserIds(userId, classified.data));
    return;
  }
  // The target user wins over any `user_id` in the data: a message never crosses users.
  const ids = withFallback(mergeIds(target, readIds(data)), fallback);
  let run: RunRef;
  try {
    run = await resolveRun(ids);
  } catch (error) {
    // A legacy alias (agent_error, progress_update, …) outside any run still reaches its user, as legacy sent it.
    if (!(error instanceof LegacyDeliveryError && error.reason === 'no_run_context') || isCriticalEventType(type)) throw error;
    emitterServer().notifyUser(userId, type, scrubForeignUserIds(userId, messageData(data)));
    return;
  }
  await emitRunEvent(run, source, classified.event, turn);
}

/**
 * Legacy's cross-user scrub, kept: a top-level `*_user_id` naming someone other than the
 * recipient is overwritten with the recipient's id, so a message never names another user.
 */
function scrubForeignUserIds(userId: string, data: LegacyMessage): LegacyMessage {
  const scrubbed = { ...data };
  for (const [key, value] of Object.entries(data)) {
    if (key.endsWith('_user_id') && value !== userId) scrubbed[key] = userId;
  }
  return scrubbed;
}

/** A legacy message's own type, `message` when it has none. */
export function typeOf(message: unknown): string {
  const type = isRecord(message) ? message['type'] : undefined;
  return typeof type === 'string' && type.length > 0 ? type : 'message';
}
