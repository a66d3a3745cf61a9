import { DeadlineQueue } from './deadline-queue.js';
import { evictOldest } from './evict-oldest.js';
import { AuthorizationError, idempotencyKeyReused, RunChangedError, RunClosedError } from './errors.js';
import type { AppendOptions, AppendOutcome, EventDraft, EventStore, ReadResult, RunSnapshot, StoreStats } from './event-store.js';
import {
  applyTransition,
  checkTransition,
  cloneLifecycleState,
  initialLifecycleState,
  lifecycleInput,
  type LifecycleState,
} from './lifecycle.js';
import { buildEnvelope } from './envelope.js';
import { ReplayLog } from './replay-log.js';
import type { AgentEvent, AgentEventType, RunRef } from './protocol.js';
import { positiveOption } from './validation.js';

export interface MemoryStoreOptions {
  /**
   * Events kept per run for replay. A resume from before the window answers `expired`.
   * @default 1000
   */
  replayLimit?: number;
  /**
   * How long a completed run stays replayable.
   * @default 600_000 (10 minutes)
   */
  completedRunTtlMs?: number;
  /**
   * Idempotency keys remembered per run (oldest forgotten first).
   * @default 1000
   */
  idempotencyLimit?: number;
  /**
   * Expired run ids remembered so that a late resume answers `expired`, not `unknown_run`.
   * @default 10_000
   */
  tombstoneLimit?: number;
  /**
   * Events held across all runs. A completed run is otherwise held for `completedRunTtlMs`,
   * so without a cap the store grows with the event rate (10,000 events/s for 10 minutes is
   * 6 million envelopes). Past the cap, completed runs are forgotten before their TTL, the
   * longest-completed first; a late resume of one answers `expired`. Open runs are never
   * cut (each holds at most `replayLimit`).
   * @default 1_000_000
   */
  maxEvents?: number;
}

interface MemoryRun {
  ref: RunRef;
  lifecycle: LifecycleState;
  agentName: string;
  lastSeq: number;
  /** the newest `replayLimit` events */
  log: ReplayLog;
  /** key -> what a duplicate of it answers with, rebuilt as an envelope (see ReplayLog for why not the envelope) */
  idempotency: Map<string, KeyedEvent>;
  toolNames: Map<string, string>;
  /** Date.now() of the last accepted event */
  activeAt: number;
}

interface KeyedEvent {
  seq: number;
  type: AgentEventType;
  ts: string;
  payload: unknown;
}

/**
 * The default store: one process, zero setup. Bounded everywhere: per-run logs by
 * `replayLimit`, completed runs by a TTL, idempotency keys and tombstones by count.
 */
export function memoryStore(options: MemoryStoreOptions = {}): EventStore {
  return new MemoryStore(options);
}

class MemoryStore implements EventStore {
  readonly kind = 'memory';
  readonly #runs = new Map<string, MemoryRun>();
  readonly #tombstones = new Map<string, RunRef>();
  readonly #expiry: DeadlineQueue<string, true>;
  readonly #replayLimit: number;
  readonly #idempotencyLimit: number;
  readonly #tombstoneLimit: number;
  readonly #maxEvents: number;
  #events = 0;
  #idempotencyKeys = 0;
  #evictedRuns = 0;

  constructor(options: MemoryStoreOptions) {
    this.#replayLimit = positiveOption(options.replayLimit ?? 1000, 'replayLimit');
    this.#idempotencyLimit = positiveOption(options.idempotencyLimit ?? 1000, 'idempotencyLimit');
    this.#tombstoneLimit = positiveOption(options.tombstoneLimit ?? 10_000, 'tombstoneLimit');
    this.#maxEvents = positiveOption(options.maxEvents ?? 1_000_000, 'maxEvents');
    this.#expiry = new DeadlineQueue(positiveOption(options.completedRunTtlMs ?? 600_000, 'completedRunTtlMs'), (runId) =>
      this.#expire(runId),
    );
  }

  async append(ref: RunRef, drafts: readonly EventDraft[], ts: string, options?: AppendOptions): Promise<AppendOutcome[]> {
    return this.appendNow(ref, drafts, ts, options);
  }

  appendNow(ref: RunRef, drafts: readonly EventDraft[], ts: string, options?: AppendOptions): AppendOutcome[] {
    const existing = this.#runs.get(ref.runId);
    if (existing) assertOwner(existing.ref, ref);
    const tomb = this.#tombstones.get(ref.runId);
    if (tomb) {
      assertOwner(tomb, ref);
      throw new RunClosedError(ref.runId, 'completed');
    }
    const expected = options?.ifLastSeq;
    if (expected !== undefined && (existing?.lastSeq ?? 0) !== expected) throw new RunChangedError(ref.runId, expected);

    // Check the whole batch against a copy first, so a violation anywhere changes nothing. A
    // single draft needs no copy: its check throws before anything is applied.
    const lifecycle =
      existing && drafts.length === 1 ? existing.lifecycle : cloneLifecycleState(existing?.lifecycle ?? initialLifecycleState());
    // By draft index, the earlier event a repeated idempotency key stands for (rare: made on demand).
    let duplicates: Array<AgentEvent | undefined> | undefined;
    let keysInBatch: Map<string, EventDraft> | undefined;
    for (let index = 0; index < drafts.length; index++) {
      const draft = drafts[index] as EventDraft;
      const key = draft.idempotencyKey;
      if (key !== undefined) {
        const seen = existing?.idempotency.get(key);
        if (seen) {
          if (seen.type !== draft.type) throw idempotencyKeyReused(ref.runId, key, seen.type, draft.type);
          (duplicates ??= [])[index] = buildEnvelope(ref, seen.seq, seen.type, seen.ts, seen.payload);
          continue;
        }
        const earlierInBatch = keysInBatch?.get(key);
        if (earlierInBatch) throw idempotencyKeyReused(ref.runId, key, earlierInBatch.type, draft.type);
      }
      const input = lifecycleInput(draft);
      checkTransition(lifecycle, ref.runId, input);
      applyTransition(lifecycle, input);
      if (key !== undefined) (keysInBatch ??= new Map()).set(key, draft);
    }

    const run = existing ?? this.#createRun(ref);
    run.lifecycle = lifecycle;
    run.activeAt = Date.now();
    // Sized up front: a pushed-to `[]` reserves 17 slots, on the path of every event.
    const outcomes = new Array<AppendOutcome>(drafts.length);
    for (let index = 0; index < drafts.length; index++) {
      const duplicateOf = duplicates?.[index];
      if (duplicateOf) {
        outcomes[index] = { event: duplicateOf, duplicate: true };
        continue;
      }
      const draft = drafts[index] as EventDraft;
      const event = buildEnvelope(ref, ++run.lastSeq, draft.type, ts, draft.payload);
      this.#record(run, draft, event);
      outcomes[index] = { event, duplicate: false };
    }
    if (run.lifecycle.completed) this.#expiry.touch(ref.runId, true);
    if (this.#events > this.#maxEvents) this.#evictCompleted();
    return outcomes;
  }

  async read(runId: string, afterSeq: number): Promise<ReadResult> {
    const run = this.#runs.get(runId);
    if (!run) {
      const tomb = this.#tombstones.get(runId);
      return tomb ? { status: 'expired', owner: tomb } : { status: 'unknown_run' };
    }
    const events = run.log.after(run.ref, afterSeq);
    return events ? { status: 'ok', owner: run.ref, events } : { status: 'expired', owner: run.ref };
  }

  async snapshot(runId: string): Promise<RunSnapshot | undefined> {
    const run = this.#runs.get(runId);
    if (!run) return undefined;
    const openToolCalls = [...run.lifecycle.toolCalls]
      .filter(([, executing]) => executing)
      .map(([toolCallId]) => ({ toolCallId, toolName: run.toolNames.get(toolCallId) ?? 'unknown' }));
    return {
      run: run.ref,
      agentName: run.agentName,
      lastSeq: run.lastSeq,
      completed: run.lifecycle.completed,
      openToolCalls,
      idleMs: Date.now() - run.activeAt,
    };
  }

  stats(): StoreStats {
    return {
      runs: this.#runs.size,
      events: this.#events,
      idempotencyKeys: this.#idempotencyKeys,
      tombstones: this.#tombstones.size,
      evictedRuns: this.#evictedRuns,
    };
  }

  async close(): Promise<void> {
    this.#expiry.clear();
    this.#runs.clear();
    this.#tombstones.clear();
    this.#events = 0;
    this.#idempotencyKeys = 0;
  }

  #createRun(ref: RunRef): MemoryRun {
    const run: MemoryRun = {
      ref: { userId: ref.userId, threadId: ref.threadId, runId: ref.runId },
      lifecycle: initialLifecycleState(),
      agentName: 'unknown',
      lastSeq: 0,
      log: new ReplayLog(this.#replayLimit),
      idempotency: new Map(),
      toolNames: new Map(),
      activeAt: Date.now(),
    };
    this.#runs.set(ref.runId, run);
    return run;
  }

  #record(run: MemoryRun, draft: EventDraft, event: AgentEvent): void {
    if (draft.type === 'agent_started') run.agentName = draft.payload.agentName;
    if (draft.type === 'tool_executing') run.toolNames.set(draft.payload.toolCallId, draft.payload.toolName);
    if (draft.type === 'tool_completed') run.toolNames.delete(draft.payload.toolCallId);
    this.#events += 1 - run.log.push(event.type, event.ts, event.payload);
    if (draft.idempotencyKey !== undefined) {
      run.idempotency.set(draft.idempotencyKey, { seq: event.seq, type: event.type, ts: event.ts, payload: event.payload });
      this.#idempotencyKeys += 1 - evictOldest(run.idempotency, this.#idempotencyLimit);
    }
  }

  /** Forgets completed runs, longest-completed first, until the store is within `maxEvents` or none is left. */
  #evictCompleted(): void {
    while (this.#events > this.#maxEvents) {
      const runId = this.#expiry.shift();
      if (runId === undefined) return;
      this.#expire(runId);
      this.#evictedRuns++;
    }
  }

  #expire(runId: string): void {
    const run = this.#runs.get(runId);
    if (!run) return;
    this.#runs.delete(runId);
    this.#events -= run.log.length;
    this.#idempotencyKeys -= run.idempotency.size;
    this.#tombstones.set(runId, run.ref);
    evictOldest(this.#tombstones, this.#tombstoneLimit);
  }
}

function assertOwner(owner: RunRef, ref: RunRef): void {
  if (owner.userId !== ref.userId || owner.threadId !== ref.threadId) {
    throw new AuthorizationError(`run ${ref.runId} belongs to another user or thread`);
  }
}
