import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Namespace, type ServerOptions, type Socket } from 'socket.io';
import { DeadlineQueue } from './deadline-queue.js';
import { clearDefaultEmitterServerIf } from './default-server.js';
import {
  AuthorizationError,
  EmitterError,
  EventValidationError,
  LifecycleError,
  RunChangedError,
  RunClosedError,
} from './errors.js';
import { AppendQueue } from './append-queue.js';
import { evictOldest } from './evict-oldest.js';
import type { AppendOptions, AppendOutcome, DrainableAdapter, EventDraft, EventStore, RunSnapshot } from './event-store.js';
import { memoryStore } from './memory-store.js';
import { envelopeParser } from './envelope-encoder.js';
import { EmitterMetrics, registerMetrics, type EmitterMetricsSnapshot, type RejectionReason } from './metrics.js';
import { OutboundBatcher } from './outbound-batcher.js';
import { dropConnection, watchOutboundBudget } from './outbound-budget.js';
import { fastParser, UNDECIDED } from './fast-parse.js';
import { PendingAcks } from './pending-acks.js';
import { SentPositions } from './sent-positions.js';
import {
  AckMessageSchema,
  DEFAULT_NAMESPACE,
  PROTOCOL_VERSION,
  ResumeRequestSchema,
  WIRE,
  isCriticalEventType,
  type AckMessage,
  type AgentEvent,
  type ClientToServerEvents,
  type ResumeResponse,
  type RunRef,
  type RunStatus,
  type ServerToClientEvents,
} from './protocol.js';
import { RunEmitter, type RunSink } from './run-emitter.js';
import { jsonOf, positiveOption, toDraft, validateRunRef, type BatchItem } from './validation.js';
import { SHUTDOWN_WAIT_MS, withinMs } from './within-ms.js';

export type Handshake = Socket['handshake'];

export interface EmitterServerOptions {
  /** Attach to this HTTP server. When neither `httpServer` nor `io` is given, the emitter creates its own. */
  httpServer?: HttpServer;
  /** Use this socket.io server (the emitter only adds its namespace and never closes it). */
  io?: Server;
  /**
   * The socket.io namespace of the protocol.
   * @default '/agent-events'
   */
  namespace?: string;
  /**
   * Decides who a connection is, from the socket.io handshake (`handshake.auth` holds what the
   * client passed). Throw to refuse the connection; throw an `AuthorizationError` to have its
   * message shown to the client, anything else shows "authentication failed".
   */
  authenticate: (handshake: Handshake) => { userId: string } | Promise<{ userId: string }>;
  /**
   * The sequence authority and replay log.
   * @default memoryStore({ replayLimit, completedRunTtlMs })
   */
  store?: EventStore;
  /**
   * A run with no event for this long is completed with `status: 'timed_out'`.
   * @default 300_000 (5 minutes)
   */
  runTimeoutMs?: number;
  /**
   * Events kept per run for replay (for the default memory store).
   * @default 1000
   */
  replayLimit?: number;
  /**
   * How long a completed run stays replayable (for the default memory store).
   * @default 600_000 (10 minutes)
   */
  completedRunTtlMs?: number;
  /**
   * socket.io options when the emitter creates the socket.io server itself. Without an
   * `adapter` here, a shared store's own adapter is used (`redisStore` fans out through
   * `@socket.io/redis-streams-adapter`); otherwise socket.io's in-memory one.
   */
  socketOptions?: Partial<ServerOptions>;
  /**
   * What `close()` does with the runs this node still has open: complete them as `cancelled`,
   * or leave them on a shared store for the other nodes' watchdogs, which complete them as
   * `timed_out` once idle for `runTimeoutMs` (a rolling deploy loses no terminal event).
   * @default 'handover' with a shared store (`redisStore`), else 'cancel'
   */
  closeOpenRuns?: 'cancel' | 'handover';
  /**
   * Per-connection outbound budget: bytes written to a connection that it has not read yet
   * (engine.io's write buffer plus the WebSocket's buffer). Past it the connection is dropped
   * (reason `slow_consumer`, counted in `metrics().slowConsumerDisconnects`); the client
   * reconnects and resumes. Keep it above your largest replay (`replayLimit` × event size).
   * @default 8_388_608 (8 MiB)
   */
  maxBufferedBytes?: number;
  /**
   * With a shared store, the appends a run receives while its previous append is in flight go
   * to the store as one batch (with this option, with any store). With this on, an
   * `agent_thinking` in such a batch that a newer `agent_thinking` of the run directly follows
   * is dropped (its caller resolves with the newer event; counted in
   * `metrics().coalesced`). Only for thinking events that each supersede the previous one
   * (status, progress), never for deltas. No other event is ever dropped or merged.
   * @default false
   */
  coalesceThinking?: boolean;
}

type AgentNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { userId: string }>;

/** Rooms derive from the authenticated identity only: no public API takes a room name. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/**
 * One per process. Owns the socket.io namespace, the store, the outbound batcher and the
 * run watchdog; `forRun()` hands out stateless `RunEmitter` handles onto it.
 */
export class EmitterServer implements RunSink {
  readonly io: Server;
  readonly namespace: AgentNamespace;
  readonly store: EventStore;
  readonly #httpServer: HttpServer | undefined;
  readonly #ownsIo: boolean;
  readonly #ownsHttpServer: boolean;
  readonly #ownsStore: boolean;
  /**
   * A frame for a user with no socket here reaches no one: socket.io's in-memory adapter on
   * our own server (no other node can hold the user's sockets) without connection-state
   * recovery (which keeps broadcasts for sockets that come back)
   */
  readonly #dropFramesToNobody: boolean;
  readonly #authenticate: EmitterServerOptions['authenticate'];
  readonly #metrics = new EmitterMetrics();
  readonly #outbound: OutboundBatcher;
  readonly #openRuns: DeadlineQueue<string, RunRef>;
  readonly #runTimeoutMs: number;
  readonly #closeOpenRuns: 'cancel' | 'handover';
  readonly #maxBufferedBytes: number;
  readonly #pendingAcks = new PendingAcks(PENDING_ACK_LIMIT);
  readonly #sentPositions = new SentPositions(SENT_RUNS_LIMIT);
  /** set when batching pays: a store behind a round trip, or coalescing asked for */
  readonly #appends: AppendQueue | undefined;
  /** per connection: runId -> highest seq it acknowledged (or resumed from) */
  readonly #acked = new Map<string, Map<string, number>>();
  readonly #sweeper: NodeJS.Timeout | undefined;
  #sweeping = false;
  #closing: Promise<void> | undefined;

  constructor(options: EmitterServerOptions) {
    if (typeof options.authenticate !== 'function') {
      throw new TypeError('createEmitterServer: `authenticate(handshake)` is required');
    }
    if (options.io && options.httpServer) {
      throw new TypeError('createEmitterServer: pass `io` or `httpServer`, not both');
    }
    this.#authenticate = options.authenticate;
    registerMetrics(this, this.#metrics);
    this.#runTimeoutMs = options.runTimeoutMs ?? 300_000;
    if (!(this.#runTimeoutMs > 0)) throw new RangeError(`runTimeoutMs must be positive, got ${this.#runTimeoutMs}`);

    this.#maxBufferedBytes = positiveOption(options.maxBufferedBytes ?? 8 * 1024 * 1024, 'maxBufferedBytes');


    this.#ownsStore = options.store === undefined;
    this.store =
      options.store ??
      memoryStore({ replayLimit: options.replayLimit, completedRunTtlMs: options.completedRunTtlMs });
    const shared = typeof this.store.claimIdleRuns === 'function';
    this.#closeOpenRuns = options.closeOpenRuns ?? (shared ? 'handover' : 'cancel');
    // An in-process store answers at once: merging its appends would only add work.
    this.#appends =
      shared || options.coalesceThinking
        ? new AppendQueue(
            (run, drafts) => this.#append(run, drafts),
            options.coalesceThinking === true,
            () => this.#metrics.coalesced++,
          )
        : undefined;

    this.#ownsIo = options.io === undefined;
    this.#ownsHttpServer = this.#ownsIo && options.httpServer === undefined;
    this.#httpServer = options.httpServer ?? (this.#ownsHttpServer ? createServer() : undefined);
    const adapter = options.socketOptions?.adapter ?? this.store.socketIoAdapter?.();
    this.#dropFramesToNobody = this.#ownsIo && adapter === undefined && !options.socketOptions?.connectionStateRecovery;
    this.io =
      options.io ??
      new Server(this.#httpServer, {
        serveClient: false,
        parser: envelopeParser,
        ...options.socketOptions,
        ...(adapter ? { adapter } : {}),
      });

    this.namespace = this.io.of(options.namespace ?? DEFAULT_NAMESPACE) as AgentNamespace;
    this.#outbound = new OutboundBatcher((userId, events) => this.#send(userId, events));
    this.#openRuns = new DeadlineQueue(this.#runTimeoutMs, (_runId, run) => {
      void this.#endIdleRun(run);
    });
    if (shared) {
      // Every node sweeps the shared board, so a run whose node died still gets its terminal event.
      const every = Math.max(50, Math.min(5_000, this.#runTimeoutMs / 4));
      this.#sweeper = setInterval(() => void this.#sweep(), every);
      this.#sweeper.unref();
    }
    this.namespace.use((socket, next) => {
      this.#identify(socket.handshake).then(
        (userId) => {
          socket.data.userId = userId;
          next();
        },
        (error: unknown) => next(authenticationFailure(error)),
      );
    });
    this.namespace.on('connection', (socket) => this.#onConnection(socket));
  }

  /** Starts the owned HTTP server. Binds to 127.0.0.1 unless told otherwise. */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ port: number }> {
    const server = this.#httpServer;
    if (!server) throw new Error('listen(): this emitter is attached to an existing socket.io server');
    if (!server.listening) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    }
    return { port: (server.address() as AddressInfo).port };
  }

  /** A handle onto the run `(userId, threadId, runId)`; throws `EventValidationError` for a bad identity. */
  forRun(run: RunRef): RunEmitter {
    return new RunEmitter(this, Object.freeze(validateRunRef(run)));
  }

  /** A non-run message to every socket of `userId`, as a `user_event`. */
  notifyUser(userId: string, type: string, data?: unknown): void {
    if (typeof userId !== 'string' || userId.length === 0) {
      throw new EventValidationError('userId', 'expected a non-empty string');
    }
    if (typeof type !== 'string' || type.length === 0 || type.length > 200) {
      throw new EventValidationError('type', 'expected a string of 1 to 200 characters');
    }
    if (isCriticalEventType(type)) {
      throw new EventValidationError('type', `${type} is a run event: send it through forRun(...)`);
    }
    // Behind a cluster adapter the packet is encoded after a round trip, where a throw would
    // be an unhandled rejection: refuse what JSON cannot carry here, in the caller's hands.
    // (Buffers pass: socket.io sends them as attachments.)
    jsonOf(data, 'data');
    this.#metrics.userEvents++;
    this.namespace
      .to(userRoom(userId))
      .emit(WIRE.userEvent, { v: PROTOCOL_VERSION, type, userId, ts: new Date().toISOString(), data });
  }

  metrics(): EmitterMetricsSnapshot {
    let ackedRunsTracked = 0;
    for (const runs of this.#acked.values()) ackedRunsTracked += runs.size;
    return this.#metrics.snapshot(
      this.#openRuns.size,
      {
        pendingAckEvents: this.#pendingAcks.size,
        ackedRunsTracked,
        sentRunsTracked: this.#sentPositions.size,
        outboundUsers: this.#outbound.pendingUsers,
        appendingRuns: this.#appends?.size ?? 0,
      },
      this.store.stats(),
    );
  }

  /** @internal the path of `RunEmitter.emitBatch`. */
  emitToRun(run: RunRef, items: readonly BatchItem[]): Promise<AgentEvent[]> {
    let drafts: EventDraft[];
    try {
      if (!Array.isArray(items) || items.length === 0) {
        throw new EventValidationError('events', 'expected at least one event');
      }
      drafts = items.map((item) => toDraft(item.type, item.payload, item.idempotencyKey));
    } catch (error) {
      return this.#refuse(error);
    }
    return this.#emit(run, drafts, allEvents);
  }

  /** @internal the path of every other `RunEmitter` call. */
  emitOne(run: RunRef, type: unknown, payload: unknown, idempotencyKey: unknown): Promise<AgentEvent> {
    let draft: EventDraft;
    try {
      draft = toDraft(type, payload, idempotencyKey);
    } catch (error) {
      return this.#refuse(error);
    }
    return this.#emit(run, [draft], firstEvent);
  }

  #emit<R>(run: RunRef, drafts: EventDraft[], answer: (outcomes: AppendOutcome[]) => R): Promise<R> {
    if (this.#closing) return this.#refuse(new RunClosedError(run.runId, 'server_closed'));
    // An in-process store answers at once: one settled promise per emit, nothing chained.
    if (!this.#appends && this.store.appendNow) {
      const now = Date.now();
      try {
        return Promise.resolve(answer(this.#accepted(run, this.store.appendNow(run, drafts, isoAt(now)), now)));
      } catch (error) {
        return this.#refuse(error);
      }
    }
    return (this.#appends ? this.#appends.submit(run, drafts) : this.#append(run, drafts)).then(answer, (error: unknown) => {
      this.#countRejection(error);
      throw error;
    });
  }

  #refuse(error: unknown): Promise<never> {
    this.#countRejection(error);
    return Promise.reject(error as Error);
  }

  /**
   * Ends this node's part: completes the runs it is watching as `cancelled` (their open tool
   * calls first), or with a shared store leaves them to the other nodes (`closeOpenRuns`);
   * sends what is pending, closes the connections (clients reconnect, to another node in a
   * cluster) and releases every timer and map. A store you passed in stays open: close it after.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    if (this.#sweeper !== undefined) clearInterval(this.#sweeper);
    const open = this.#openRuns.entries();
    this.#openRuns.clear();
    if (this.#closeOpenRuns === 'cancel') {
      await Promise.allSettled(open.map(([, run]) => this.#endRun(run, 'cancelled')));
    } else {
      this.#metrics.handedOver += open.length;
    }
    this.#outbound.flush();
    // Broadcasts still on their way through the cluster adapter reach local sockets before
    // they go, but not at any price: with Redis unreachable they wait out ioredis' retries.
    const drain = (this.namespace.adapter as Partial<DrainableAdapter>).drain?.();
    if (drain) await withinMs(drain.catch(() => undefined), SHUTDOWN_WAIT_MS);
    clearDefaultEmitterServerIf(this);
    this.namespace.removeAllListeners();
    if (this.#ownsHttpServer) {
      // Closing the transports (not a namespace disconnect) lets clients reconnect elsewhere.
      await this.io.close();
    } else if (this.#ownsIo) {
      // The HTTP server is the caller's: close our engine, leave their server listening.
      await Promise.allSettled([...this.io._nsps.values()].map((nsp) => Promise.resolve(nsp.adapter.close())));
      this.io.engine.close();
    } else {
      this.namespace.disconnectSockets(true);
    }
    this.#pendingAcks.clear();
    this.#sentPositions.clear();
    this.#acked.clear();
    if (this.#ownsStore) await this.store.close();
  }

  /** One store append, then its events on their way out (producers reach it through #appends when batching). */
  async #append(run: RunRef, drafts: EventDraft[], options?: AppendOptions): Promise<AppendOutcome[]> {
    const now = Date.now();
    return this.#accepted(run, await this.store.append(run, drafts, isoAt(now), options), now);
  }

  /** What the store accepted goes out (duplicates only count), and the run's watchdog restarts. */
  #accepted(run: RunRef, outcomes: AppendOutcome[], acceptedAt: number): AppendOutcome[] {
    let sent = false;
    for (const { event, duplicate } of outcomes) {
      if (duplicate) {
        this.#metrics.deduplicatedByType[event.type]++;
        continue;
      }
      this.#metrics.emitted[event.type]++;
      this.#outbound.enqueue(run.userId, event);
      sent = true;
    }
    if (sent) {
      if (outcomes.at(-1)?.event.type === 'agent_completed') this.#openRuns.delete(run.runId);
      else if (!this.#closing) this.#openRuns.touch(run.runId, run, acceptedAt);
    }
    return outcomes;
  }

  /** The local watchdog fired: end the run unless another node kept it busy meanwhile. */
  async #endIdleRun(run: RunRef): Promise<void> {
    try {
      const snapshot = await this.store.snapshot(run.runId);
      if (!snapshot || snapshot.completed) return;
      // false: an event came after the snapshot, so the run is not idle after all: watch it again.
      if ((snapshot.idleMs === undefined || snapshot.idleMs >= this.#runTimeoutMs) && (await this.#complete(snapshot, 'timed_out'))) {
        return;
      }
    } catch {
      // The store failed us (Redis unreachable): watch the run again and retry after another period.
    }
    if (!this.#closing) this.#openRuns.touch(run.runId, run);
  }

  /** Takes idle runs off a shared store's board (from any node, dead ones included) and ends them. */
  async #sweep(): Promise<void> {
    if (this.#sweeping || this.#closing || !this.store.claimIdleRuns) return;
    this.#sweeping = true;
    try {
      const idle = await this.store.claimIdleRuns(this.#runTimeoutMs, SWEEP_BATCH);
      await Promise.allSettled(idle.map((snapshot) => this.#complete(snapshot, 'timed_out')));
    } catch {
      // The store is unreachable: the next sweep tries again; the board keeps the runs.
    } finally {
      this.#sweeping = false;
    }
  }

  async #endRun(run: RunRef, status: 'cancelled' | 'timed_out'): Promise<void> {
    // A producer still emitting while the server closes moves the run on: end it from a fresh snapshot.
    for (let attempt = 0; attempt < END_RUN_ATTEMPTS; attempt++) {
      const snapshot = await this.store.snapshot(run.runId);
      if (!snapshot || snapshot.completed || (await this.#complete(snapshot, status))) return;
    }
  }

  /**
   * Ends a run that its producer abandoned: close its tool calls, then its terminal event.
   * Conditioned on the snapshot's last seq: false (nothing appended) when the run got an event
   * since, which may have opened a tool call the snapshot does not list.
   */
  async #complete(snapshot: RunSnapshot, status: Extract<RunStatus, 'cancelled' | 'timed_out'>): Promise<boolean> {
    const reason = status === 'timed_out' ? `no event for ${this.#runTimeoutMs} ms` : 'the emitter server shut down';
    const drafts: EventDraft[] = snapshot.openToolCalls.map(({ toolCallId, toolName }) => ({
      type: 'tool_completed',
      payload: { agentName: snapshot.agentName, toolName, toolCallId, error: `${status}: ${reason}` },
    }));
    drafts.push({
      type: 'agent_completed',
      payload: { agentName: snapshot.agentName, status, error: reason },
      // Two nodes racing to end the same run deliver one terminal event.
      idempotencyKey: TERMINAL_KEY,
    });
    try {
      const outcomes = await this.#append(snapshot.run, drafts, { ifLastSeq: snapshot.lastSeq });
      if (!outcomes.at(-1)?.duplicate) {
        if (status === 'timed_out') this.#metrics.timedOut++;
        else this.#metrics.cancelled++;
      }
    } catch (error) {
      if (error instanceof RunChangedError) return false;
      // The producer (or another node) completed the run meanwhile: nothing is left to end.
      if (!(error instanceof RunClosedError)) throw error;
    }
    return true;
  }

  #send(userId: string, events: AgentEvent[]): void {
    const room = userRoom(userId);
    const sockets = this.namespace.adapter.rooms.get(room)?.size ?? 0;
    // socket.io serializes a frame before it looks for sockets: a user with no tab open (the
    // events wait in the store for a resume) would cost a serialization per frame for nothing.
    if (sockets === 0 && this.#dropFramesToNobody) return;
    const [only] = events;
    if (events.length === 1 && only) this.namespace.to(room).emit(WIRE.event, only);
    else this.namespace.to(room).emit(WIRE.events, events);
    this.#metrics.framesSent++;
    if (sockets === 0) return;
    const now = performance.now();
    for (let index = 0; index < events.length; index++) {
      const event = events[index] as AgentEvent;
      this.#metrics.delivered[event.type] += sockets;
      this.#pendingAcks.sent(event.runId, event.seq, now);
      // A frame nearly always holds one run's events, in seq order: one update per run in it.
      if (events[index + 1]?.runId !== event.runId) this.#sentPositions.sent(event.runId, event.seq);
    }
  }

  async #identify(handshake: Handshake): Promise<string> {
    const identity = await this.#authenticate(handshake);
    const userId = (identity as { userId?: unknown } | undefined)?.userId;
    if (typeof userId !== 'string' || userId.length === 0 || userId.length > 256) {
      throw new Error('authenticate() must return { userId: string }');
    }
    return userId;
  }

  #onConnection(socket: Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { userId: string }>) {
    const userId = socket.data.userId;
    this.#metrics.connections++;
    void socket.join(userRoom(userId));
    const acked = new Map<string, number>();
    this.#acked.set(socket.id, acked);
    const unwatch = watchOutboundBudget(socket.conn, this.#maxBufferedBytes, () => {
      this.#metrics.slowConsumerDisconnects++;
      dropConnection(socket.conn);
    });
    socket.on('disconnect', () => {
      this.#metrics.connections--;
      this.#acked.delete(socket.id);
      unwatch();
    });
    socket.on(WIRE.ack, (message) => {
      const ack = parseAck(message);
      if (!ack) return;
      this.#metrics.acks++;
      const { runId } = ack;
      const seq = Math.min(ack.seq, this.#sentPositions.upTo(runId));
      const before = acked.get(runId) ?? 0;
      if (seq <= before) return;
      this.#metrics.acked += seq - before;
      remember(acked, runId, seq);
      this.#pendingAcks.acked(runId, seq, performance.now(), this.#metrics.ackLatency);
    });
    socket.on(WIRE.resume, (request, answer) => {
      if (typeof answer !== 'function') return;
      void this.#resume(userId, request).then((response) => {
        // The client holds everything up to afterSeq: acks count from there.
        if (response.recovered) {
          const { runId, afterSeq } = request;
          if (afterSeq > (acked.get(runId) ?? 0)) remember(acked, runId, afterSeq);
        }
        answer(response);
      });
    });
  }

  async #resume(userId: string, request: unknown): Promise<ResumeResponse> {
    const parsed = ResumeRequestSchema.safeParse(request);
    const fail = (reason: Extract<ResumeResponse, { recovered: false }>['reason']): ResumeResponse => {
      this.#metrics.resumeFailed[reason]++;
      return { recovered: false, reason };
    };
    if (!parsed.success) return fail('invalid_request');
    let result;
    try {
      result = await this.store.read(parsed.data.runId, parsed.data.afterSeq);
    } catch {
      return fail('unavailable');
    }
    if (result.status === 'unknown_run') return fail('unknown_run');
    // Ownership before anything else, so another user's run id reveals nothing about it.
    if (result.owner.userId !== userId) return fail('forbidden');
    if (result.status === 'expired') return fail('expired');
    for (const event of result.events) this.#metrics.replayedByType[event.type]++;
    const last = result.events.at(-1);
    if (last) {
      this.#metrics.gaps++;
      this.#sentPositions.sent(last.runId, last.seq);
    }
    return { recovered: true, events: result.events };
  }

  #countRejection(error: unknown): void {
    this.#metrics.rejected[rejectionReason(error)]++;
  }
}

/** Idempotency key of watchdog/close terminal events, so racing nodes send one. */
const TERMINAL_KEY = 'uws:terminal';
/** Fresh snapshots `close()` takes of a run whose producer keeps emitting before it gives up ending it. */
const END_RUN_ATTEMPTS = 5;
/** Runs a node ends per sweep of the shared board. */
const SWEEP_BATCH = 100;
/** Events awaiting their first ack, node-wide, for latency timing. */
const PENDING_ACK_LIMIT = 100_000;
/** Runs whose highest sent seq the node remembers, to bound what their acks count. */
const SENT_RUNS_LIMIT = 100_000;
/** Runs whose ack position one connection remembers. */
const ACKED_RUNS_PER_CONNECTION = 1_000;

let isoMs = 0;
let iso = '';
/** `ms` as ISO-8601, formatted once per millisecond however many events share it. */
function isoAt(ms: number): string {
  if (ms !== isoMs) {
    isoMs = ms;
    iso = new Date(ms).toISOString();
  }
  return iso;
}

const fastAck = fastParser(AckMessageSchema);
/** An ack message, or undefined for a malformed one (ignored: acks only feed metrics). */
function parseAck(message: unknown): AckMessage | undefined {
  const fast = fastAck(message);
  if (fast !== UNDECIDED) return fast;
  const parsed = AckMessageSchema.safeParse(message);
  return parsed.success ? parsed.data : undefined;
}

// Module-level, so that an emit allocates no closure to shape its answer.
const allEvents = (outcomes: AppendOutcome[]): AgentEvent[] => outcomes.map((outcome) => outcome.event);
const firstEvent = (outcomes: AppendOutcome[]): AgentEvent => (outcomes[0] as AppendOutcome).event;

function remember(acked: Map<string, number>, runId: string, seq: number): void {
  acked.delete(runId);
  acked.set(runId, seq);
  evictOldest(acked, ACKED_RUNS_PER_CONNECTION);
}

export function createEmitterServer(options: EmitterServerOptions): EmitterServer {
  return new EmitterServer(options);
}

function rejectionReason(error: unknown): RejectionReason {
  if (error instanceof EventValidationError) return 'validation';
  if (error instanceof LifecycleError) return 'lifecycle';
  if (error instanceof RunClosedError) return 'run_closed';
  if (error instanceof AuthorizationError) return 'authorization';
  return 'store';
}

function authenticationFailure(error: unknown): Error & { data: { code: string } } {
  const shown = error instanceof AuthorizationError ? error.message : 'authentication failed';
  const failure = new Error(shown) as Error & { data: { code: string } };
  failure.data = { code: error instanceof EmitterError ? error.code : 'ERR_UWS_AUTHENTICATION' };
  return failure;
}
