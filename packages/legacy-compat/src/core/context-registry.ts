import type { RunRef } from '@unified-ws/emitter';
import { BoundedMap } from './bounded-map.js';
import { config, registryLimit } from './config.js';
import { LegacyDeliveryError } from './errors.js';
import type { ContextIds } from './legacy-context.js';
import { lookUp } from './run-tracker.js';

/**
 * What the shim has learned from the contexts legacy callers pass it: who owns a thread,
 * and which (user, thread) a run id belongs to. Legacy code routes by thread id
 * (`sendToThread`) or by run id alone (the bridge); this is how those calls find the user
 * without ever taking a thread id for a user id.
 */
const AMBIGUOUS = Symbol('ambiguous');
const threadOwners = new BoundedMap<string, string | typeof AMBIGUOUS>(registryLimit);
const runOwners = new BoundedMap<string, { userId: string; threadId: string }>(registryLimit);

/**
 * Remembers the ownership a context states. A thread seen with two users is never resolved
 * from memory again. A context whose user id IS its thread id is the legacy fabrication
 * (`userId = threadId`), not an ownership fact: it teaches nothing.
 */
export function learn(ids: ContextIds): void {
  const { userId, threadId, runId } = ids;
  if (!userId || !threadId || userId === threadId) return;
  const known = threadOwners.get(threadId);
  threadOwners.set(threadId, known === undefined || known === userId ? userId : AMBIGUOUS);
  if (runId) runOwners.set(runId, { userId, threadId });
}

/** The user who owns `threadId`: the `resolveThreadOwner` hook first, then what was learned. */
export async function threadOwner(threadId: string): Promise<string> {
  const hook = config.resolveThreadOwner;
  const resolved = hook ? await lookUp(() => hook(threadId)) : undefined;
  if (resolved) return resolved;
  const known = threadOwners.get(threadId);
  if (known === AMBIGUOUS) {
    throw new LegacyDeliveryError(
      'thread_owner_ambiguous',
      `thread ${threadId} was seen with more than one user; configure resolveThreadOwner to route it`,
    );
  }
  if (known === undefined) {
    throw new LegacyDeliveryError(
      'thread_owner_unknown',
      `no user is known to own thread ${threadId}: pass a context that names it, or configure resolveThreadOwner`,
    );
  }
  return known;
}

/** The run `runId` as learned from a context, else from the `resolveRunContext` hook. */
export async function knownRun(runId: string): Promise<RunRef | undefined> {
  const hook = config.resolveRunContext;
  const owner = runOwners.get(runId) ?? (hook ? await lookUp(() => hook(runId)) : undefined);
  return owner ? { userId: owner.userId, threadId: owner.threadId, runId } : undefined;
}
