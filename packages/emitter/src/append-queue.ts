import { EmitterError } from './errors.js';
import type { AppendOutcome, EventDraft } from './event-store.js';
import type { RunRef } from './protocol.js';

interface Pending {
  run: RunRef;
  drafts: EventDraft[];
  resolve(outcomes: AppendOutcome[]): void;
  reject(error: unknown): void;
}

/**
 * One store append per run at a time: the appends a run receives in one turn, or while its
 * previous append is in flight, go to the store as ONE call, in call order. Under load that
 * is one Lua script and one round trip for many events instead of one each, and batches
 * grow exactly when the store is the bottleneck. A merged append that breaks a rule is retried
 * caller by caller, so each keeps its own all-or-nothing result; callers with another
 * identity for the run are never merged into its owner's append.
 *
 * With `coalesceThinking`, an `agent_thinking` waiting in such a batch is dropped when a
 * newer one of the same run waits right behind it (only plain single-event emits, without
 * an idempotency key); its caller gets the newer event. Nothing else is ever dropped.
 */
export class AppendQueue {
  readonly #waiting = new Map<string, Pending[]>();
  readonly #busy = new Set<string>();

  constructor(
    private readonly append: (run: RunRef, drafts: EventDraft[]) => Promise<AppendOutcome[]>,
    private readonly coalesceThinking: boolean,
    private readonly onCoalesced: () => void,
  ) {}

  /** Runs with appends waiting or in flight. */
  get size(): number {
    return this.#busy.size;
  }

  submit(run: RunRef, drafts: EventDraft[]): Promise<AppendOutcome[]> {
    return new Promise((resolve, reject) => {
      const waiting = this.#waiting.get(run.runId);
      if (waiting) waiting.push({ run, drafts, resolve, reject });
      else this.#waiting.set(run.runId, [{ run, drafts, resolve, reject }]);
      if (!this.#busy.has(run.runId)) {
        this.#busy.add(run.runId);
        // A microtask later, so that every emit of this turn joins the first append.
        queueMicrotask(() => void this.#drain(run.runId));
      }
    });
  }

  async #drain(runId: string): Promise<void> {
    for (let batch = this.#take(runId); batch; batch = this.#take(runId)) {
      for (const group of sameIdentity(batch)) await this.#send(group);
    }
    this.#busy.delete(runId);
  }

  #take(runId: string): Pending[] | undefined {
    const batch = this.#waiting.get(runId);
    this.#waiting.delete(runId);
    return batch;
  }

  async #send(group: Pending[]): Promise<void> {
    const [first] = group;
    if (!first) return;
    if (group.length === 1) {
      await this.append(first.run, first.drafts).then(first.resolve, first.reject);
      return;
    }
    const { kept, supersededBy } = this.coalesceThinking ? coalesce(group) : { kept: group, supersededBy: new Map() };
    let outcomes: AppendOutcome[];
    try {
      outcomes = await this.append(first.run, kept.flatMap((pending) => pending.drafts));
    } catch (error) {
      // A store failure (Redis unreachable, a reply lost) may come after the store applied the
      // batch: appending it again could send it twice, so every caller gets the failure.
      if (!(error instanceof EmitterError)) {
        for (const pending of group) pending.reject(error);
        return;
      }
      // Someone's event broke a rule, which changed nothing: give everyone their own append and answer.
      for (const pending of group) await this.append(pending.run, pending.drafts).then(pending.resolve, pending.reject);
      return;
    }
    const answers = new Map<Pending, AppendOutcome[]>();
    let at = 0;
    for (const pending of kept) {
      const own = outcomes.slice(at, (at += pending.drafts.length));
      if (supersededBy.size > 0) answers.set(pending, own);
      pending.resolve(own);
    }
    for (const [pending, newer] of supersededBy) {
      this.onCoalesced();
      pending.resolve(answers.get(newer) ?? []);
    }
  }
}

/** Consecutive pendings with one identity; order is kept across groups. */
function sameIdentity(batch: Pending[]): Pending[][] {
  const [head] = batch;
  if (batch.every((pending) => pending.run === head?.run)) return [batch];
  const groups: Pending[][] = [];
  for (const pending of batch) {
    const last = groups.at(-1);
    const head = last?.[0];
    if (last && head && head.run.userId === pending.run.userId && head.run.threadId === pending.run.threadId) {
      last.push(pending);
    } else {
      groups.push([pending]);
    }
  }
  return groups;
}

function isPlainThinking(pending: Pending): boolean {
  const [draft] = pending.drafts;
  return pending.drafts.length === 1 && draft?.type === 'agent_thinking' && draft.idempotencyKey === undefined;
}

/**
 * Drops each plain agent_thinking that is directly followed (no other event between) by a
 * newer plain agent_thinking of the batch; the newest of such a streak stays.
 */
function coalesce(group: Pending[]): { kept: Pending[]; supersededBy: Map<Pending, Pending> } {
  const supersededBy = new Map<Pending, Pending>();
  const keptBackwards: Pending[] = [];
  let newest: Pending | undefined;
  for (let index = group.length - 1; index >= 0; index--) {
    const pending = group[index];
    if (!pending) continue;
    if (!isPlainThinking(pending)) newest = undefined;
    else if (newest) {
      supersededBy.set(pending, newest);
      continue;
    } else newest = pending;
    keptBackwards.push(pending);
  }
  return { kept: keptBackwards.reverse(), supersededBy };
}
