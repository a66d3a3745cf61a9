import { randomUUID } from 'node:crypto';
import { BoundedMap } from './bounded-map.js';
import { registryLimit } from './config.js';
import type { ContextIds } from './legacy-context.js';
import { emitterServer } from './server.js';

/**
 * Legacy's `create_websocket_manager(user_id=…)` fallback names every run of a user
 * `run_<userId>`. Once that run has completed, the emitter deduplicates a second
 * `agent_started` and refuses what follows (`run_closed`), so the user's next agent would
 * vanish. Handles made from the fallback therefore speak for the user's *current* fallback
 * run, which moves on when an `agent_started` finds it completed. Per user, bounded like the
 * rest of what the shim learns.
 */
const currentRuns = new BoundedMap<string, string>(registryLimit);

/** The context legacy fabricated from a user id alone. */
export function fallbackContext(userId: string, prefix: string) {
  return { userId, threadId: `thread_${userId}`, runId: `run_${userId}`, requestId: `${prefix}_${userId}` };
}

/**
 * Recognised by value, not by object: legacy callers hand a handle's `userContext` on to
 * other calls, and a caller-built context equal to the fabrication means the same thing.
 */
function isFallback(ids: ContextIds): ids is ContextIds & { userId: string; runId: string } {
  const { userId, threadId, runId } = ids;
  return userId !== undefined && threadId === `thread_${userId}` && runId === `run_${userId}`;
}

/** Per user, while a start's look-up of the store is in flight: later calls wait for it, so they keep their call order. */
const checks = new Map<string, Promise<unknown>>();

/**
 * The ids a call of type `eventType` on a handle with context `ids` means. Any context but
 * the fallback is returned as it is, at once. For the fallback: the user's current fallback
 * run, or, for an `agent_started` that finds it completed, a new run — a legacy caller
 * starting an agent again means a new agent run, and every event of it must reach the user.
 */
export function currentRunIds(ids: ContextIds, eventType: string): ContextIds | Promise<ContextIds> {
  if (!isFallback(ids)) return ids;
  const { userId } = ids;
  const pending = checks.get(userId);
  if (eventType !== 'agent_started') return pending ? pending.then(() => current(ids)) : current(ids);
  const check = (pending ?? Promise.resolve()).then(() => startIds(ids));
  const settled = check.catch(() => undefined);
  checks.set(userId, settled);
  void settled.then(() => {
    if (checks.get(userId) === settled) checks.delete(userId);
  });
  return check;
}

/** The run a handle with context `ids` speaks for right now (before any start's look-up). */
export function currentRunId(ids: ContextIds): string | undefined {
  return isFallback(ids) ? (currentRuns.get(ids.userId) ?? ids.runId) : ids.runId;
}

function current(ids: ContextIds & { userId: string; runId: string }): ContextIds {
  const runId = currentRuns.get(ids.userId);
  if (runId === undefined) return ids;
  // Re-written on use, so a user whose agent is running is the last one forgotten.
  currentRuns.set(ids.userId, runId);
  return { ...ids, runId };
}

async function startIds(ids: ContextIds & { userId: string; runId: string }): Promise<ContextIds> {
  const now = current(ids);
  const runId = now.runId ?? ids.runId;
  const snapshot = await emitterServer().store.snapshot(runId);
  if (!snapshot?.completed) return now;
  const next = `run_${ids.userId}_${randomUUID()}`;
  currentRuns.set(ids.userId, next);
  return { ...ids, runId: next };
}
