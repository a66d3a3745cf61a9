import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  DEFAULT_NAMESPACE,
  WIRE,
  type AgentEvent,
  type ClientToServerEvents,
  type ResumeFailureReason,
  type ResumeResponse,
  type ServerToClientEvents,
  type UserEvent,
} from '../protocol.js';
import { evictOldest } from '../evict-oldest.js';
import { RunSequencer } from './run-sequencer.js';

export interface EmitterClientOptions {
  /** The server's origin, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** @default '/agent-events' */
  namespace?: string;
  /** Sent as the socket.io handshake `auth`; the server's `authenticate` reads it. */
  auth?: Record<string, unknown>;
  /** Passed to socket.io-client. */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /** Each event once, in `seq` order per run. */
  onEvent?: (event: AgentEvent) => void;
  onUserEvent?: (event: UserEvent) => void;
  /** Events after a missing range arrived; the client is recovering it. */
  onGap?: (gap: { runId: string; from: number; to: number }) => void;
  /** The server could not replay a run (`expired`, `unknown_run`, …): refetch it another way. */
  onRecoveryFailed?: (failure: { runId: string; reason: ResumeFailureReason | 'timeout' }) => void;
  /**
   * What one of the callbacks above threw. The client goes on regardless: the other events of
   * the frame are delivered and acked as usual. Without it, the error is thrown again on a
   * later microtask, an uncaught error as if the socket had thrown it, so nothing is swallowed.
   */
  onError?: (error: unknown) => void;
  /**
   * Send cumulative `ack {runId, seq}` for what was delivered.
   * @default true
   */
  ack?: boolean;
  /**
   * Acks are cumulative, so one per run per `ackDelayMs` says as much as one per frame: a
   * busy run costs the server one ack message per interval, not one per frame or (a token
   * stream of 20 events a second) one per event. After `ackDelayMs` without an ack, the next
   * release is acked at once, so the server's emit-to-ack latency reads delivery, not the
   * wait; what is released in the interval after it waits for the interval's end. A run's
   * terminal event is acked at once.
   * @default 250
   */
  ackDelayMs?: number;
  /**
   * How long a gap may stay open before the client asks for a replay (events of one run can
   * overtake each other across nodes).
   * @default 250
   */
  gapTimeoutMs?: number;
  /** @default 5000 */
  resumeTimeoutMs?: number;
  /**
   * A run that has not finished and got no event for this long is probed: the client asks
   * the server (`resume` after its last `seq`) whether it missed the run's latest events. Gap
   * detection needs a later event to see a hole; this catches a lost tail (a fan-out between
   * nodes that dropped the last frames, a terminal event that never came). While the run
   * stays quiet the probes thin out (after 1, 2, 4 and then every 8 periods). 0 turns it off.
   * @default 5000
   */
  quietRunProbeMs?: number;
  /**
   * Completed runs remembered so late duplicates of them are dropped.
   * @default 10_000
   */
  finishedRunLimit?: number;
}

export interface EmitterClientStats {
  delivered: number;
  duplicatesDropped: number;
  gapsDetected: number;
  resumes: number;
  recoveryFailures: number;
  /** runs being followed (not finished yet) */
  runsFollowed: number;
  /** finished runs remembered to drop their late duplicates (at most `finishedRunLimit`) */
  runsFinished: number;
}

export interface EmitterClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Resolves once connected; rejects with the server's reason when the handshake is refused, or when closed first. */
  ready(): Promise<void>;
  /**
   * Starts following a run from `afterSeq`: replays what it missed, then live events. Waits for
   * the connection, and resolves once the replay is in.
   */
  follow(runId: string, afterSeq?: number): Promise<void>;
  /** Highest `seq` delivered for the run (0 when none). */
  lastSeq(runId: string): number;
  stats(): EmitterClientStats;
  close(): void;
}

/** The typed client SDK of protocol v1: dedup by id, order by seq, gap recovery, resume after reconnect, acks. */
export function createEmitterClient(options: EmitterClientOptions): EmitterClient {
  return new Client(options);
}

class Client implements EmitterClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly #options: EmitterClientOptions;
  readonly #runs = new Map<string, RunSequencer>();
  readonly #finished = new Map<string, number>();
  readonly #resumeTimers = new Map<string, NodeJS.Timeout>();
  /** runId -> its replay in flight: a second ask for it waits for the same answer */
  readonly #resuming = new Map<string, Promise<void>>();
  /** runs whose delivered position the server has not been told yet */
  readonly #ackDue = new Set<RunSequencer>();
  #ackTimer: NodeJS.Timeout | undefined;
  /** the quiet-run sweep: one timer for all runs, so an event costs no timer work */
  #quietSweep: NodeJS.Timeout | undefined;
  #sweeps = 0;
  readonly #stats: Omit<EmitterClientStats, 'runsFollowed' | 'runsFinished'> = {
    delivered: 0,
    duplicatesDropped: 0,
    gapsDetected: 0,
    resumes: 0,
    recoveryFailures: 0,
  };
  readonly #ready: Promise<void>;
  /** settles ready() (and the follow() calls waiting on it) when close() comes first */
  #closedBeforeConnect: () => void = () => undefined;
  #everConnected = false;

  constructor(options: EmitterClientOptions) {
    this.#options = options;
    const url = new URL(options.namespace ?? DEFAULT_NAMESPACE, options.url).toString();
    this.socket = io(url, {
      transports: ['websocket'],
      ...options.socketOptions,
      auth: options.auth ?? {},
    });
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#closedBeforeConnect = () => reject(new Error('createEmitterClient: closed before it connected'));
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (error) => {
        if (!this.#everConnected) reject(error);
      });
    });
    // A rejection nobody awaited must not crash the host process.
    this.#ready.catch(() => undefined);
    // Every connect, the first included: runs followed before it still need their replay.
    this.socket.on('connect', () => {
      this.#everConnected = true;
      this.#resumeAll();
    });
    const quietRunProbeMs = options.quietRunProbeMs ?? 5000;
    if (quietRunProbeMs > 0) {
      this.#quietSweep = setInterval(() => this.#probeQuietRuns(), quietRunProbeMs);
      this.#quietSweep.unref();
    }
    this.socket.on(WIRE.event, (event) => this.#ingest([event]));
    this.socket.on(WIRE.events, (events) => this.#ingest(events));
    this.socket.on(WIRE.userEvent, (event) => this.#call(this.#options.onUserEvent, event));
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  async follow(runId: string, afterSeq = 0): Promise<void> {
    // Its every event, the terminal one included, was delivered: there is nothing to follow.
    if (this.#finished.has(runId)) return;
    if (!this.#runs.has(runId)) {
      const run = new RunSequencer(runId, afterSeq);
      run.heardAt = this.#sweeps;
      this.#runs.set(runId, run);
    }
    // Before the first connection, wait for it (its replay comes with it). Once connected, a
    // dropped connection is not waited for: the reconnect resumes every followed run.
    if (!this.#everConnected) await this.#ready;
    await this.#resume(runId);
  }

  lastSeq(runId: string): number {
    return this.#runs.get(runId)?.lastSeq ?? this.#finished.get(runId) ?? 0;
  }

  stats(): EmitterClientStats {
    return { ...this.#stats, runsFollowed: this.#runs.size, runsFinished: this.#finished.size };
  }

  close(): void {
    for (const timer of this.#resumeTimers.values()) clearTimeout(timer);
    this.#resumeTimers.clear();
    clearTimeout(this.#ackTimer);
    clearInterval(this.#quietSweep);
    this.#ackDue.clear();
    this.#closedBeforeConnect();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  #ingest(events: readonly AgentEvent[]): void {
    const released: AgentEvent[] = [];
    // The runs of this frame and those that moved on: a frame is mostly one run's events.
    const touched: RunSequencer[] = [];
    const advanced: RunSequencer[] = [];
    for (const event of events) {
      if (this.#finished.has(event.runId)) {
        this.#stats.duplicatesDropped++;
        continue;
      }
      let run = this.#runs.get(event.runId);
      if (!run) {
        run = new RunSequencer(event.runId);
        this.#runs.set(event.runId, run);
      }
      run.heardAt = this.#sweeps;
      if (touched.at(-1) !== run && !touched.includes(run)) touched.push(run);
      const before = run.duplicates;
      const count = released.length;
      run.accept(event, released);
      this.#stats.duplicatesDropped += run.duplicates - before;
      if (released.length > count && advanced.at(-1) !== run && !advanced.includes(run)) advanced.push(run);
    }
    this.#deliver(released);
    for (const run of advanced) this.#settle(run);
    for (const run of touched) if (this.#runs.get(run.runId) === run) this.#watchGap(run);
  }

  #deliver(events: readonly AgentEvent[]): void {
    const { onEvent } = this.#options;
    for (const event of events) {
      this.#stats.delivered++;
      this.#call(onEvent, event);
    }
  }

  /**
   * Calls one of the app's callbacks. What it throws must not cut the SDK's work short (the
   * rest of a frame is already out of the sequencer, and the run still has to be acked and
   * watched): it goes to `onError`, or is thrown again on a later microtask.
   */
  #call<A>(callback: ((arg: A) => void) | undefined, arg: A): void {
    try {
      callback?.(arg);
    } catch (error) {
      const { onError } = this.#options;
      if (!onError) rethrowLater(error);
      else {
        try {
          onError(error);
        } catch (fromHandler) {
          rethrowLater(fromHandler);
        }
      }
    }
  }

  /** Acks what was released and retires the run once its terminal event is out and nothing is held. */
  #settle(run: RunSequencer): void {
    if (this.#options.ack !== false) {
      if (run.terminal) this.#ack(run);
      else this.#ackLater(run);
    }
    if (run.terminal && run.buffered === 0) {
      this.#runs.delete(run.runId);
      this.#clearResumeTimer(run.runId);
      this.#finished.set(run.runId, run.lastSeq);
      evictOldest(this.#finished, this.#options.finishedRunLimit ?? 10_000);
    }
  }

  #ack(run: RunSequencer): void {
    this.#ackDue.delete(run);
    if (this.socket.connected) this.socket.emit(WIRE.ack, { runId: run.runId, seq: run.lastSeq });
  }

  /** Acks at once when no ack went out in the last `ackDelayMs`, else at the end of that interval. */
  #ackLater(run: RunSequencer): void {
    if (this.#ackTimer !== undefined) {
      this.#ackDue.add(run);
      return;
    }
    this.#ack(run);
    this.#holdAcks();
  }

  #holdAcks(): void {
    this.#ackTimer = setTimeout(() => {
      this.#ackTimer = undefined;
      if (this.#ackDue.size === 0) return;
      for (const due of this.#ackDue) this.#ack(due);
      // Those acks open the next interval: a busy connection sends one round per interval.
      this.#holdAcks();
    }, this.#options.ackDelayMs ?? DEFAULT_ACK_DELAY_MS);
  }

  #watchGap(run: RunSequencer): void {
    const gap = run.gap();
    if (!gap) {
      this.#clearResumeTimer(run.runId);
      return;
    }
    if (this.#resumeTimers.has(run.runId) || this.#resuming.has(run.runId)) return;
    this.#stats.gapsDetected++;
    this.#call(this.#options.onGap, { runId: run.runId, ...gap });
    this.#scheduleResume(run, this.#options.gapTimeoutMs ?? 250, () => run.gap() !== undefined);
  }

  #scheduleResume(run: RunSequencer, delayMs: number, stillNeeded: () => boolean = () => true): void {
    if (this.#resumeTimers.has(run.runId)) return;
    const timer = setTimeout(() => {
      this.#resumeTimers.delete(run.runId);
      if (this.#runs.get(run.runId) === run && stillNeeded()) void this.#resume(run.runId);
    }, delayMs);
    this.#resumeTimers.set(run.runId, timer);
  }

  #clearResumeTimer(runId: string): void {
    const timer = this.#resumeTimers.get(runId);
    if (timer) clearTimeout(timer);
    this.#resumeTimers.delete(runId);
  }

  /** Asks about runs that went quiet before their terminal event (see `quietRunProbeMs`). */
  #probeQuietRuns(): void {
    this.#sweeps++;
    for (const run of this.#runs.values()) {
      const quietFor = this.#sweeps - run.heardAt - 1;
      if (quietFor < 1 || run.terminal) continue;
      // Probes after 1, 2 and 4 quiet periods, then every 8th.
      if (quietFor === 1 || quietFor === 2 || quietFor === 4 || quietFor % 8 === 0) void this.#resume(run.runId);
    }
  }

  #resumeAll(): void {
    for (const runId of this.#runs.keys()) void this.#resume(runId);
  }

  #resume(runId: string): Promise<void> {
    const inFlight = this.#resuming.get(runId);
    if (inFlight) return inFlight;
    const run = this.#runs.get(runId);
    if (!run || !this.socket.connected) return Promise.resolve();
    const replay = this.#replay(run);
    this.#resuming.set(runId, replay);
    return replay;
  }

  async #replay(run: RunSequencer): Promise<void> {
    const { runId } = run;
    this.#clearResumeTimer(runId);
    this.#stats.resumes++;
    let response: ResumeResponse;
    try {
      response = await this.socket
        .timeout(this.#options.resumeTimeoutMs ?? 5000)
        .emitWithAck(WIRE.resume, { runId, afterSeq: run.lastSeq });
    } catch {
      // A timeout during a disconnect is retried by the next `connect`; otherwise report it.
      if (this.socket.connected) this.#fail(run, 'timeout');
      return;
    } finally {
      this.#resuming.delete(runId);
    }
    if (response.recovered) this.#ingest(response.events);
    else this.#fail(run, response.reason);
  }

  #fail(run: RunSequencer, reason: ResumeFailureReason | 'timeout'): void {
    this.#stats.recoveryFailures++;
    this.#call(this.#options.onRecoveryFailed, { runId: run.runId, reason });
    if (TRANSIENT_FAILURES.has(reason)) {
      // The server could not answer now: keep what is held and ask again, never skip the gap.
      this.#scheduleResume(run, (this.#options.gapTimeoutMs ?? 250) * 4);
      return;
    }
    const released = run.skipGap();
    this.#deliver(released);
    if (released.length > 0) this.#settle(run);
    // Nothing to wait for: stop resuming it on every reconnect; live events re-adopt it.
    else if (run.buffered === 0) this.#runs.delete(run.runId);
  }
}

/** An uncaught error, as if the socket had thrown it, without unwinding the SDK's own work. */
function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

/** Failures worth retrying: no answer in time, or the server's store was unreachable. */
const TRANSIENT_FAILURES = new Set<ResumeFailureReason | 'timeout'>(['timeout', 'unavailable']);

/**
 * Acks only feed the server's metrics (replay needs none), so their cadence is a cost: at 50
 * ms a run streaming 20 events a second was acked once per event.
 */
const DEFAULT_ACK_DELAY_MS = 250;
