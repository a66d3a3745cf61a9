import type { ServerOptions } from 'socket.io';
import type { AgentEvent, AgentEventType, PayloadMap, RunRef } from './protocol.js';

/** A validated event waiting for its `seq`: what `RunEmitter` hands to the store. */
export type EventDraft = {
  [T in AgentEventType]: { type: T; payload: PayloadMap[T]; idempotencyKey?: string | undefined };
}[AgentEventType];

export interface AppendOutcome {
  event: AgentEvent;
  /** true when an earlier event with the same idempotency key was returned instead */
  duplicate: boolean;
}

export interface AppendOptions {
  /**
   * Append only if the run's last `seq` is still this one, else throw `RunChangedError`
   * having changed nothing. The watchdog ends a run it found idle with its snapshot's
   * `lastSeq` here, so that an event accepted between the snapshot and the terminal append
   * (a tool call it did not see) is never followed by a terminal event that ignores it.
   */
  ifLastSeq?: number;
}

export type ReadResult =
  | { status: 'ok'; owner: RunRef; events: AgentEvent[] }
  | { status: 'expired'; owner: RunRef }
  | { status: 'unknown_run' };

/** What the watchdog and `close()` need to end a run properly. */
export interface RunSnapshot {
  run: RunRef;
  agentName: string;
  lastSeq: number;
  completed: boolean;
  /** executing tool calls, in start order, with their tool names */
  openToolCalls: Array<{ toolCallId: string; toolName: string }>;
  /**
   * Milliseconds since the run's last accepted event, by the store's clock (one clock for
   * every node of a cluster). The watchdog leaves a run alone while it is below `runTimeoutMs`.
   */
  idleMs?: number;
}

export interface StoreStats {
  /** runs whose log is held (open or inside their completed TTL) */
  runs: number;
  /** envelopes held across all run logs */
  events: number;
  /** idempotency keys held across all runs */
  idempotencyKeys: number;
  /** ids of expired runs remembered so a late resume says `expired`, not `unknown_run` */
  tombstones: number;
  /** runs re-seeded after the shared store lost them (a Redis restart without persistence) */
  reseededRuns?: number;
  /** completed runs forgotten before their TTL to keep the store within its event cap (memory store) */
  evictedRuns?: number;
}

/**
 * The sequence authority and durable log of runs. `append` is atomic per call: it checks
 * ownership, idempotency and the lifecycle for every draft, assigns gapless `seq`s, and
 * stores the envelopes, or changes nothing and throws.
 */
export interface EventStore {
  readonly kind: string;
  /** Appends the drafts in order, all or nothing, stamping each with `ts`. */
  append(run: RunRef, drafts: readonly EventDraft[], ts: string, options?: AppendOptions): Promise<AppendOutcome[]>;
  /**
   * In-process stores may also answer an append at once (same contract, throwing instead of
   * rejecting): the emitter then spends no promise on the store, the hot path of every event.
   */
  appendNow?(run: RunRef, drafts: readonly EventDraft[], ts: string, options?: AppendOptions): AppendOutcome[];
  /** Every event after `afterSeq`, or why it cannot be had. Never a partial range. */
  read(runId: string, afterSeq: number): Promise<ReadResult>;
  snapshot(runId: string): Promise<RunSnapshot | undefined>;
  stats(): StoreStats;
  close(): Promise<void>;
  /**
   * Shared (multi-node) stores only; its presence marks the store as shared. Atomically
   * leases up to `limit` runs idle for `idleMs` on the store's shared board, so exactly one
   * node's watchdog ends each of them, including runs whose own node died, and returns the
   * snapshots of those still open and idle. A node that dies while ending one leaves it to
   * fall due again.
   */
  claimIdleRuns?(idleMs: number, limit: number): Promise<RunSnapshot[]>;
  /**
   * Shared stores only: the socket.io adapter that fans events out to every node. Used when
   * the emitter creates the socket.io server and no `socketOptions.adapter` is given. Its
   * adapters may be `DrainableAdapter`s.
   */
  socketIoAdapter?(): NonNullable<ServerOptions['adapter']>;
}

/** An adapter whose broadcasts complete asynchronously (after a round trip) can be waited for. */
export interface DrainableAdapter {
  /** Resolves once every broadcast started so far has reached the local sockets. */
  drain(): Promise<void>;
}
