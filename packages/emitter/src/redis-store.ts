import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis, type RedisOptions } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import { AuthorizationError, LifecycleError, RunChangedError, RunClosedError, type LifecycleRule } from './errors.js';
import type {
  AppendOptions,
  AppendOutcome,
  DrainableAdapter,
  EventDraft,
  EventStore,
  ReadResult,
  RunSnapshot,
  StoreStats,
} from './event-store.js';
import { coalesceWrites } from './coalesce-writes.js';
import { evictOldest } from './evict-oldest.js';
import { encodeEnvelopeBroadcast, type ClusterMessage } from './fanout-encoder.js';
import { reachesNoLocalSocket } from './fanout-filter.js';
import { applyTransition, initialLifecycleState, lifecycleInput, type LifecycleState } from './lifecycle.js';
import { buildEnvelope } from './envelope.js';
import type { AgentEvent, RunRef } from './protocol.js';
import { APPEND, CLAIM_IDLE, READ, REPLY, SNAPSHOT } from './redis-scripts.js';
import { positiveOption } from './validation.js';
import { SHUTDOWN_WAIT_MS, withinMs } from './within-ms.js';

export interface RedisStoreOptions {
  /** Connect to this Redis (`redis://host:port/db`). Give `url` or `client`. */
  url?: string;
  /** ioredis options used with `url`. */
  redisOptions?: RedisOptions;
  /** Use this ioredis client; the store never closes it. Give `url` or `client`. */
  client?: Redis;
  /**
   * Prefix of every key and of the fan-out stream and channels. Nodes of one cluster share
   * it; different prefixes on one Redis never see each other.
   * @default 'uws:'
   */
  keyPrefix?: string;
  /**
   * Events kept per run for replay (exact stream trimming). A resume from before the window
   * answers `expired`.
   * @default 1000
   */
  replayLimit?: number;
  /**
   * How long a completed run stays replayable.
   * @default 600_000 (10 minutes)
   */
  completedRunTtlMs?: number;
  /**
   * How long a completed run's id is remembered after its log expired, so a late resume
   * answers `expired` rather than `unknown_run`.
   * @default 86_400_000 (24 hours)
   */
  tombstoneTtlMs?: number;
  /**
   * Safety TTL of an open run's keys, refreshed by every event: nothing leaks even when every
   * node dies. Keep it far above `runTimeoutMs`, which ends idle runs properly.
   * @default 86_400_000 (24 hours)
   */
  openRunTtlMs?: number;
  /**
   * Idempotency keys remembered per run (oldest forgotten first).
   * @default 1000
   */
  idempotencyLimit?: number;
  /**
   * Runs this node remembers having emitted on (their last `seq` and lifecycle), so that
   * after Redis lost its data (a restart without persistence) the run carries on from its
   * last `seq` instead of restarting at 1, and a resume into the lost part answers `expired`.
   * @default 10_000
   */
  knownRunLimit?: number;
}

/** What this node knows of a run it emitted on: enough to re-seed Redis after a wipe. */
interface KnownRun {
  ref: RunRef;
  agentName: string;
  lastSeq: number;
  lifecycle: LifecycleState;
  /** executing tool calls: toolCallId -> name and the seq of its tool_executing */
  openTools: Map<string, { toolName: string; seq: number }>;
  /** Date.now() of this node's last write to the shared activity board for the run */
  boardAt: number;
  /** Date.now() when a snapshot first found the run gone from Redis (unset again by an append) */
  missingSince?: number;
}

type ScriptReply = Array<string | number | ScriptReply>;
interface ScriptCommands {
  uwsAppendV2(...args: Array<string | number>): Promise<ScriptReply>;
  uwsReadV1(...args: Array<string | number>): Promise<ScriptReply>;
  uwsSnapshotV1(...args: Array<string | number>): Promise<ScriptReply>;
  uwsClaimIdleV1(key: string, idleMs: number, limit: number): Promise<string[]>;
}
type Adapter = ReturnType<ReturnType<typeof createAdapter>>;
/** A connection the fan-out adapter reads with, and its Redis connection id once known. */
interface AdapterReader {
  copy: Redis;
  id: number | undefined;
}

/** The keys of one run, in the order the append script takes them. */
const APPEND_KEYS = ['meta', 'tools', 'idem', 'order', 'log', 'tomb'] as const;

/** The activity board is refreshed at most this often per run and node; staleness only makes a claim re-check. */
const BOARD_REFRESH_MS = 1000;

/**
 * The cluster store: per-run Redis Streams hold the durable log, one Lua script per append
 * checks ownership, idempotency and the lifecycle and assigns the gapless `seq`, so any
 * number of nodes can emit on one run. Fan-out between nodes goes through
 * `@socket.io/redis-streams-adapter` (see `socketIoAdapter`).
 */
export function redisStore(options: RedisStoreOptions): EventStore {
  return new RedisStore(options);
}

class RedisStore implements EventStore {
  readonly kind = 'redis';
  readonly #client: Redis & ScriptCommands;
  readonly #ownsClient: boolean;
  readonly #prefix: string;
  readonly #activityKey: string;
  readonly #replayLimit: number;
  readonly #completedTtlMs: number;
  readonly #tombstoneTtlMs: number;
  readonly #openTtlMs: number;
  readonly #idempotencyLimit: number;
  readonly #knownRunLimit: number;
  readonly #known = new Map<string, KnownRun>();
  readonly #adapters = new Set<Adapter>();
  readonly #adapterReaders: AdapterReader[] = [];
  /** this store's name in the runs it appends to: unique across nodes and restarts */
  readonly #nodeId = randomBytes(9).toString('base64url');
  #appends = 0;
  #reseeds = 0;

  constructor(options: RedisStoreOptions) {
    const { url, client: given } = options;
    if ((url === undefined) === (given === undefined)) {
      throw new TypeError('redisStore: give exactly one of `url` or `client`');
    }
    this.#ownsClient = given === undefined;
    const client = given ?? new Redis(url ?? '', options.redisOptions ?? {});
    // ioredis reconnects on its own; failed commands reject the calls that made them.
    if (this.#ownsClient) client.on('error', () => undefined);
    client.defineCommand('uwsAppendV2', { numberOfKeys: APPEND_KEYS.length, lua: APPEND });
    client.defineCommand('uwsReadV1', { numberOfKeys: 3, lua: READ });
    client.defineCommand('uwsSnapshotV1', { numberOfKeys: 2, lua: SNAPSHOT });
    client.defineCommand('uwsClaimIdleV1', { numberOfKeys: 1, lua: CLAIM_IDLE });
    this.#client = client as Redis & ScriptCommands;
    this.#prefix = options.keyPrefix ?? 'uws:';
    this.#activityKey = `${this.#prefix}activity`;
    this.#replayLimit = positiveOption(options.replayLimit ?? 1000, 'replayLimit');
    this.#completedTtlMs = positiveOption(options.completedRunTtlMs ?? 600_000, 'completedRunTtlMs');
    this.#tombstoneTtlMs = positiveOption(options.tombstoneTtlMs ?? 86_400_000, 'tombstoneTtlMs');
    this.#openTtlMs = positiveOption(options.openRunTtlMs ?? 86_400_000, 'openRunTtlMs');
    this.#idempotencyLimit = positiveOption(options.idempotencyLimit ?? 1000, 'idempotencyLimit');
    this.#knownRunLimit = positiveOption(options.knownRunLimit ?? 10_000, 'knownRunLimit');
  }

  async append(ref: RunRef, drafts: readonly EventDraft[], ts: string, options?: AppendOptions): Promise<AppendOutcome[]> {
    const known = this.#known.get(ref.runId);
    const payloads = drafts.map((draft) => JSON.stringify(draft.payload));
    // ioredis re-sends a command whose reply a dropped connection lost, though Redis may have
    // run it: the script answers this node's repeated append number with its first reply.
    const call = { appendNo: (++this.#appends).toString(36), ifLastSeq: options?.ifLastSeq };
    let reply = await this.#sendAppend(ref, drafts, payloads, ts, known, '', call);
    if (reply[0] === REPLY.reseed && known) {
      this.#reseeds++;
      reply = await this.#sendAppend(ref, drafts, payloads, ts, known, seedOf(known), call);
    }
    if (reply[0] === REPLY.error) throw scriptError(ref.runId, reply);
    if (reply[0] !== REPLY.ok) throw new Error(`redisStore: unexpected append reply ${String(reply[0])}`);

    const outcomes = drafts.map((draft, index): AppendOutcome => {
      const result = reply[index + 2];
      if (typeof result === 'string') return { event: recordToEvent(ref, result), duplicate: true };
      return { event: buildEnvelope(ref, Number(result), draft.type, ts, draft.payload), duplicate: false };
    });
    const run = this.#remember(ref, known, drafts, outcomes);
    if (run.lifecycle.completed) {
      this.#client.zrem(this.#activityKey, ref.runId).catch(() => undefined);
    }
    return outcomes;
  }

  async read(runId: string, afterSeq: number): Promise<ReadResult> {
    const tag = this.#tag(runId);
    const reply = await this.#client.uwsReadV1(`${tag}:meta`, `${tag}:log`, `${tag}:tomb`, afterSeq);
    if (reply[0] === REPLY.unknown) {
      // Redis forgot the run (a wipe), but this node emitted on it: say so, never "unknown".
      const known = this.#known.get(runId);
      return known ? { status: 'expired', owner: known.ref } : { status: 'unknown_run' };
    }
    const owner = { userId: String(reply[1]), threadId: String(reply[2]), runId };
    if (reply[0] === REPLY.expired) return { status: 'expired', owner };
    const entries = reply[3] as Array<[string, string[]]>;
    return { status: 'ok', owner, events: entries.map((entry) => entryToEvent(owner, entry)) };
  }

  async snapshot(runId: string): Promise<RunSnapshot | undefined> {
    const tag = this.#tag(runId);
    const reply = await this.#client.uwsSnapshotV1(`${tag}:meta`, `${tag}:tools`);
    if (reply.length === 0) {
      // Redis lost the run (a restart without persistence) and nobody emitted on it since: the
      // node that knew it open must still end it, from its memory (the append re-seeds Redis).
      const known = this.#known.get(runId);
      if (!known || known.lifecycle.completed) return undefined;
      // Idle counts from when the loss was seen: a producer on another node, which knows the
      // run further on, re-seeds it with its next event well before then, and this node's
      // older memory never ends a run that is still going.
      known.missingSince ??= Date.now();
      return snapshotOf(known, Date.now() - known.missingSince);
    }
    const [userId, threadId, agentName, lastSeq, done, idleMs, ...toolFields] = reply as [
      string,
      string,
      string,
      number,
      string,
      number,
      ...string[],
    ];
    const open: Array<{ toolCallId: string; toolName: string; seq: number }> = [];
    for (let i = 0; i + 1 < toolFields.length; i += 2) {
      const [toolCallId = '', value = ''] = toolFields.slice(i, i + 2);
      if (!value.startsWith('1|')) continue;
      const bar = value.indexOf('|', 2);
      open.push({ toolCallId, seq: Number(value.slice(2, bar)), toolName: value.slice(bar + 1) });
    }
    open.sort((a, b) => a.seq - b.seq);
    return {
      run: { userId, threadId, runId },
      agentName,
      lastSeq,
      completed: done === '1',
      openToolCalls: open.map(({ toolCallId, toolName }) => ({ toolCallId, toolName })),
      idleMs,
    };
  }

  async claimIdleRuns(idleMs: number, limit: number): Promise<RunSnapshot[]> {
    const due = await this.#client.uwsClaimIdleV1(this.#activityKey, idleMs, limit);
    const snapshots = await Promise.all(due.map((runId) => this.snapshot(runId)));
    const idle: RunSnapshot[] = [];
    due.forEach((runId, index) => {
      const snapshot = snapshots[index];
      // Ended or expired runs leave the board; runs touched since their score was written wait for their next lease.
      if (!snapshot || snapshot.completed) void this.#client.zrem(this.#activityKey, runId).catch(() => undefined);
      else if ((snapshot.idleMs ?? idleMs) >= idleMs) idle.push(snapshot);
    });
    return idle;
  }

  /**
   * The socket.io adapter of this store's cluster: `@socket.io/redis-streams-adapter` on a
   * stream and channels under `keyPrefix`, so clusters with other prefixes stay apart.
   */
  socketIoAdapter(): NonNullable<ServerOptions['adapter']> {
    // The adapter duplicates the client for its blocking reads (XREAD BLOCK). Learn each
    // copy's connection id, so that close() can unblock the read at once: a connection
    // blocked in XREAD does not close until the block times out.
    const client = this.#client;
    const readers = this.#adapterReaders;
    // The adapter's broadcasts of one turn (a frame per user) leave in one write.
    const xadd = (...args: Parameters<Redis['xadd']>) => {
      coalesceWrites(client.stream);
      return client.xadd(...args);
    };
    const tracked = new Proxy(client, {
      get(target, property) {
        if (property === 'duplicate') {
          return (...args: Parameters<Redis['duplicate']>) => {
            const copy = target.duplicate(...args);
            const reader: AdapterReader = { copy, id: undefined };
            // 'ready' runs before queued commands are sent, so the id is known before any XREAD blocks.
            copy.on('ready', () => {
              copy.client('ID').then(
                (id) => (reader.id = Number(id)),
                () => undefined,
              );
            });
            readers.push(reader);
            // The adapter subscribes its copy without handling the promise: a server closed
            // before Redis answered would leave an unhandled rejection ("Connection is closed").
            for (const method of ['subscribe', 'ssubscribe'] as const) {
              const subscribe = copy[method].bind(copy) as (...channels: string[]) => Promise<unknown>;
              (copy as unknown as Record<string, unknown>)[method] = (...channels: string[]) => {
                const answer = subscribe(...channels);
                answer.catch(() => undefined);
                return answer;
              };
            }
            return copy;
          };
        }
        if (property === 'xadd') return xadd;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const factory = createAdapter(tracked, {
      streamName: `${this.#prefix}fanout`,
      channelPrefix: `${this.#prefix}fanout`,
    });
    const adapters = this.#adapters;
    return function redisStreamsAdapter(nsp: Parameters<typeof factory>[0]) {
      const adapter = factory(nsp) as Adapter & DrainableAdapter;
      const close = adapter.close.bind(adapter);
      adapter.close = () => {
        if (!adapters.delete(adapter)) return;
        return close();
      };
      // A cluster broadcast reaches even local sockets only after its XADD; drain() lets a
      // closing server wait for those before it lets its sockets go.
      const inflight = new Set<Promise<unknown>>();
      const broadcast = adapter.broadcast.bind(adapter) as (...args: unknown[]) => unknown;
      (adapter as { broadcast: unknown }).broadcast = (...args: unknown[]) => {
        const done = Promise.resolve(broadcast(...args));
        inflight.add(done);
        void done.finally(() => inflight.delete(done));
        return done;
      };
      adapter.drain = async () => {
        await Promise.allSettled([...inflight]);
      };
      // This node's own sockets reuse the JSON its stream entry was made with (encodeEnvelopeBroadcast).
      const streamEntries = adapter as unknown as { encode(message: ClusterMessage): unknown };
      const encode = streamEntries.encode.bind(adapter);
      streamEntries.encode = (message) => encodeEnvelopeBroadcast(message) ?? encode(message);
      // Every node reads every broadcast of the cluster back from the shared stream, its own
      // included, and the adapter parses each one before socket.io-adapter finds it is from
      // itself or for nobody here: drop those unparsed.
      const self = (adapter as unknown as { uid: string }).uid;
      const onRawMessage = adapter.onRawMessage.bind(adapter);
      adapter.onRawMessage = (message: Parameters<Adapter['onRawMessage']>[0], offset: string) =>
        message.uid === self || reachesNoLocalSocket(message, adapter.rooms) ? undefined : onRawMessage(message, offset);
      adapters.add(adapter);
      return adapter;
    } as unknown as NonNullable<ServerOptions['adapter']>;
  }

  stats(): StoreStats {
    // The log lives in Redis; what this node holds is its bounded memory of known runs.
    return { runs: this.#known.size, events: 0, idempotencyKeys: 0, tombstones: 0, reseededRuns: this.#reseeds };
  }

  async close(): Promise<void> {
    // Adapters first: once aborted, a read loop disconnects its client as soon as its XREAD
    // returns, which the unblock makes immediate.
    for (const adapter of [...this.#adapters]) await adapter.close();
    const readers = this.#adapterReaders.splice(0);
    this.#known.clear();
    // With Redis unreachable, UNBLOCK and QUIT would wait in ioredis' offline queue through
    // all its reconnection attempts (minutes), past any shutdown grace period: drop the
    // connections instead; there is nothing left to tell Redis.
    const unblocked = await withinMs(
      Promise.allSettled(readers.flatMap(({ id }) => (id === undefined ? [] : [this.#client.client('UNBLOCK', id)]))),
      SHUTDOWN_WAIT_MS,
    );
    if (!unblocked) for (const { copy } of readers) copy.disconnect();
    if (!this.#ownsClient) return;
    if (!unblocked || !(await withinMs(this.#client.quit().catch(() => undefined), SHUTDOWN_WAIT_MS))) this.#client.disconnect();
  }

  #sendAppend(
    ref: RunRef,
    drafts: readonly EventDraft[],
    payloads: string[],
    ts: string,
    known: KnownRun | undefined,
    seed: string,
    call: { appendNo: string; ifLastSeq: number | undefined },
  ): Promise<ScriptReply> {
    const tag = this.#tag(ref.runId);
    const args: Array<string | number> = [
      ...APPEND_KEYS.map((name) => `${tag}:${name}`),
      ref.userId,
      ref.threadId,
      ts,
      this.#replayLimit,
      this.#openTtlMs,
      this.#completedTtlMs,
      this.#tombstoneTtlMs,
      this.#idempotencyLimit,
      known?.lastSeq ?? 0,
      seed,
      this.#nodeId,
      call.appendNo,
      call.ifLastSeq ?? '',
    ];
    drafts.forEach((draft, index) => {
      const payload = draft.payload as { toolCallId?: string; toolName?: string; agentName: string; status?: string };
      args.push(
        draft.type,
        draft.idempotencyKey ?? '',
        payload.toolCallId ?? '',
        draft.type === 'tool_executing' ? (payload.toolName ?? '') : payload.agentName,
        payload.status ?? '',
        payloads[index] ?? '',
      );
    });
    coalesceWrites(this.#client.stream);
    const reply = this.#client.uwsAppendV2(...args);
    // Written in the same tick as the append, so a node that dies right after it still leaves
    // the run on the board for another node's watchdog. A stale score only causes a re-check.
    const now = Date.now();
    if (!known || now - known.boardAt >= BOARD_REFRESH_MS) {
      this.#client.zadd(this.#activityKey, now, ref.runId).catch(() => undefined);
      if (known) known.boardAt = now;
    }
    return reply;
  }

  /** Mirrors an accepted append into this node's bounded memory of the run. */
  #remember(ref: RunRef, known: KnownRun | undefined, drafts: readonly EventDraft[], outcomes: AppendOutcome[]): KnownRun {
    const run: KnownRun = known ?? {
      ref: { userId: ref.userId, threadId: ref.threadId, runId: ref.runId },
      agentName: 'unknown',
      lastSeq: 0,
      lifecycle: initialLifecycleState(),
      openTools: new Map(),
      boardAt: Date.now(),
    };
    drafts.forEach((draft, index) => {
      const outcome = outcomes[index];
      if (!outcome || outcome.duplicate) return;
      const { event } = outcome;
      applyTransition(run.lifecycle, lifecycleInput(draft));
      // Redis accepted it, so the run had started, if on another node: a re-seed from this
      // node's memory must not turn the run's next event into one "before agent_started".
      run.lifecycle.started = true;
      run.lastSeq = Math.max(run.lastSeq, event.seq);
      if (draft.type === 'agent_started') run.agentName = draft.payload.agentName;
      if (draft.type === 'tool_executing') {
        run.openTools.set(draft.payload.toolCallId, { toolName: draft.payload.toolName, seq: event.seq });
      }
      if (draft.type === 'tool_completed') run.openTools.delete(draft.payload.toolCallId);
    });
    delete run.missingSince;
    // Most recently used last, so eviction drops the runs this node touched longest ago.
    this.#known.delete(ref.runId);
    this.#known.set(ref.runId, run);
    evictOldest(this.#known, this.#knownRunLimit);
    return run;
  }

  /** One hash tag per run keeps its keys in one Cluster slot; braces in the id are escaped so they cannot end it early. */
  #tag(runId: string): string {
    return `${this.#prefix}{${runId.replace(/[%{}]/g, encodeURIComponent)}}`;
  }
}

/** A run Redis lost, as this node remembers it. */
function snapshotOf(run: KnownRun, idleMs: number): RunSnapshot {
  return {
    run: run.ref,
    agentName: run.agentName,
    lastSeq: run.lastSeq,
    completed: false,
    openToolCalls: [...run.openTools]
      .sort(([, a], [, b]) => a.seq - b.seq)
      .map(([toolCallId, { toolName }]) => ({ toolCallId, toolName })),
    idleMs,
  };
}

/** The node's memory of a run, in the shape the append script re-seeds from. */
function seedOf(run: KnownRun): string {
  const tools = [...run.lifecycle.toolCalls].map(([toolCallId, executing]) => {
    const open = run.openTools.get(toolCallId);
    return executing && open ? [toolCallId, '1', open.seq, open.toolName] : [toolCallId, '0', 0, ''];
  });
  return JSON.stringify({
    last: run.lastSeq,
    started: run.lifecycle.started,
    done: run.lifecycle.completed,
    agent: run.agentName,
    tools,
  });
}


/** An idempotency record: "<seq>\n<type>\n<ts>\n<payload json>". */
function recordToEvent(ref: RunRef, record: string): AgentEvent {
  const [seq, type, ts] = record.split('\n', 3) as [string, string, string];
  const payload = record.slice(seq.length + type.length + ts.length + 3);
  return buildEnvelope(ref, Number(seq), type, ts, JSON.parse(payload));
}

/** A stream entry: ["<seq>-0", ["t", type, "ts", ts, "p", payload]]. */
function entryToEvent(ref: RunRef, [id, [, type = '', , ts = '', , payload = 'null']]: [string, string[]]): AgentEvent {
  return buildEnvelope(ref, Number.parseInt(id, 10), type, ts, JSON.parse(payload));
}

function scriptError(runId: string, reply: ScriptReply): Error {
  const [, kind, rule, message] = reply as [string, string, string, string];
  if (kind === 'auth') return new AuthorizationError(`run ${runId} ${message}`);
  if (kind === 'closed') return new RunClosedError(runId, 'completed');
  if (kind === 'changed') return new RunChangedError(runId, Number(message));
  if (kind === 'resent') {
    return new Error(`redisStore: the reply to an append on run ${runId} was lost, and its outcome cannot be known now: retry with an idempotencyKey`);
  }
  return new LifecycleError(rule as LifecycleRule, runId, message);
}
