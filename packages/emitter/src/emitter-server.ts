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
  RunClosedError,
} from './errors.js';
import type { AppendOutcome, EventDraft, EventStore } from './event-store.js';
import { memoryStore } from './memory-store.js';
import { EmitterMetrics, type EmitterMetricsSnapshot, type RejectionReason } from './metrics.js';
import { OutboundBatcher } from './outbound-batcher.js';
import {
  AckMessageSchema,
  DEFAULT_NAMESPACE,
  PROTOCOL_VERSION,
  ResumeRequestSchema,
  WIRE,
  isCriticalEventType,
  type AgentEvent,
  type ClientToServerEvents,
  type ResumeResponse,
  type RunRef,
  type RunStatus,
  type ServerToClientEvents,
} from './protocol.js';
import { RunEmitter, type RunSink } from './run-emitter.js';
import { toDraft, validateRunRef, type BatchItem } from './validation.js';

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
  /** socket.io options when the emitter creates the socket.io server itself. */
  socketOptions?: Partial<ServerOptions>;
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
  readonly #authenticate: EmitterServerOptions['authenticate'];
  readonly #metrics = new EmitterMetrics();
  readonly #outbound: OutboundBatcher;
  readonly #openRuns: DeadlineQueue<string, RunRef>;
  readonly #runTimeoutMs: number;
  #closing: Promise<void> | undefined;

  constructor(options: EmitterServerOptions) {
    if (typeof options.authenticate !== 'function') {
      throw new TypeError('createEmitterServer: `authenticate(handshake)` is required');
    }
    if (options.io && options.httpServer) {
      throw new TypeError('createEmitterServer: pass `io` or `httpServer`, not both');
    }
    this.#authenticate = options.authenticate;
    this.#runTimeoutMs = options.runTimeoutMs ?? 300_000;
    if (!(this.#runTimeoutMs > 0)) throw new RangeError(`runTimeoutMs must be positive, got ${this.#runTimeoutMs}`);

    this.#ownsStore = options.store === undefined;
    this.store =
      options.store ??
      memoryStore({ replayLimit: options.replayLimit, completedRunTtlMs: options.completedRunTtlMs });

    this.#ownsIo = options.io === undefined;
    this.#ownsHttpServer = this.#ownsIo && options.httpServer === undefined;
    this.#httpServer = options.httpServer ?? (this.#ownsHttpServer ? createServer() : undefined);
    this.io =
      options.io ??
      new Server(this.#httpServer, { serveClient: false, ...options.socketOptions });

    this.namespace = this.io.of(options.namespace ?? DEFAULT_NAMESPACE) as AgentNamespace;
    this.#outbound = new OutboundBatcher((userId, events) => this.#send(userId, events));
    this.#openRuns = new DeadlineQueue(this.#runTimeoutMs, (_runId, run) => {
      void this.#terminate(run, 'timed_out');
    });
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
    this.#metrics.userEvents++;
    this.namespace
      .to(userRoom(userId))
      .emit(WIRE.userEvent, { v: PROTOCOL_VERSION, type, userId, ts: new Date().toISOString(), data });
  }

  metrics(): EmitterMetricsSnapshot {
    return this.#metrics.snapshot(this.#openRuns.size, this.store.stats());
  }

  /** @internal the path every `RunEmitter` call takes. */
  async emitToRun(run: RunRef, items: readonly BatchItem[]): Promise<AgentEvent[]> {
    let drafts: EventDraft[];
    try {
      if (this.#closing) throw new RunClosedError(run.runId, 'server_closed');
      if (!Array.isArray(items) || items.length === 0) {
        throw new EventValidationError('events', 'expected at least one event');
      }
      drafts = items.map((item) => toDraft(item.type, item.payload, { idempotencyKey: item.idempotencyKey }));
    } catch (error) {
      this.#countRejection(error);
      throw error;
    }
    return this.#append(run, drafts);
  }

  /**
   * Completes every run this node is watching as `cancelled` (their open tool calls first),
   * sends what is pending, disconnects the sockets and releases every timer and map.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    const open = this.#openRuns.entries();
    this.#openRuns.clear();
    await Promise.allSettled(open.map(([, run]) => this.#terminate(run, 'cancelled')));
    this.#outbound.flush();
    clearDefaultEmitterServerIf(this);
    this.namespace.disconnectSockets(true);
    this.namespace.removeAllListeners();
    if (this.#ownsHttpServer) {
      await this.io.close();
    } else if (this.#ownsIo) {
      // The HTTP server is the caller's: close our engine, leave their server listening.
      this.io.engine.close();
    }
    if (this.#ownsStore) await this.store.close();
  }

  async #append(run: RunRef, drafts: EventDraft[]): Promise<AgentEvent[]> {
    let outcomes: AppendOutcome[];
    try {
      outcomes = await this.store.append(run, drafts, new Date().toISOString());
    } catch (error) {
      this.#countRejection(error);
      throw error;
    }
    for (const { event, duplicate } of outcomes) {
      if (duplicate) {
        this.#metrics.deduplicated++;
        continue;
      }
      this.#metrics.emitted[event.type]++;
      this.#outbound.enqueue(run.userId, event);
      if (event.type === 'agent_completed') this.#openRuns.delete(run.runId);
      else if (!this.#closing) this.#openRuns.touch(run.runId, run);
    }
    return outcomes.map((outcome) => outcome.event);
  }

  /** Ends a run that its producer abandoned: close its tool calls, then its terminal event. */
  async #terminate(run: RunRef, status: Extract<RunStatus, 'cancelled' | 'timed_out'>): Promise<void> {
    try {
      const snapshot = await this.store.snapshot(run.runId);
      if (!snapshot || snapshot.completed) return;
      const reason =
        status === 'timed_out' ? `no event for ${this.#runTimeoutMs} ms` : 'the emitter server shut down';
      const drafts: EventDraft[] = snapshot.openToolCalls.map(({ toolCallId, toolName }) => ({
        type: 'tool_completed',
        payload: { agentName: snapshot.agentName, toolName, toolCallId, error: `${status}: ${reason}` },
      }));
      drafts.push({
        type: 'agent_completed',
        payload: { agentName: snapshot.agentName, status, error: reason },
        // Two nodes racing to end the same run deliver one terminal event.
        idempotencyKey: `uws:terminal`,
      });
      await this.#append(run, drafts);
      if (status === 'timed_out') this.#metrics.timedOut++;
      else this.#metrics.cancelled++;
    } catch (error) {
      // The producer completed the run meanwhile: nothing is left to end.
      if (!(error instanceof RunClosedError)) throw error;
    }
  }

  #send(userId: string, events: AgentEvent[]): void {
    const room = this.namespace.to(userRoom(userId));
    const [only] = events;
    if (events.length === 1 && only) room.emit(WIRE.event, only);
    else room.emit(WIRE.events, events);
    this.#metrics.framesSent++;
    this.#metrics.eventsDelivered += events.length * (this.namespace.adapter.rooms.get(userRoom(userId))?.size ?? 0);
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
    socket.on('disconnect', () => {
      this.#metrics.connections--;
    });
    socket.on(WIRE.ack, (message) => {
      if (AckMessageSchema.safeParse(message).success) this.#metrics.acks++;
    });
    socket.on(WIRE.resume, (request, answer) => {
      if (typeof answer !== 'function') return;
      void this.#resume(userId, request).then(answer);
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
    this.#metrics.replayed += result.events.length;
    return { recovered: true, events: result.events };
  }

  #countRejection(error: unknown): void {
    this.#metrics.rejected[rejectionReason(error)]++;
  }
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
