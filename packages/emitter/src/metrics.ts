import { CRITICAL_EVENTS, RESUME_FAILURE_REASONS, type AgentEventType, type ResumeFailureReason } from './protocol.js';
import type { StoreStats } from './event-store.js';

export const REJECTION_REASONS = ['validation', 'lifecycle', 'run_closed', 'authorization', 'store'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Upper bounds (ms) of the emit-to-ack latency buckets; the last bucket is everything above. */
export const ACK_LATENCY_BUCKETS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000] as const;

export interface LatencyHistogramSnapshot {
  count: number;
  sumMs: number;
  /** cumulative, Prometheus-style: acks that came within `leMs` of the newest event they covered; the total is `count` */
  buckets: Array<{ leMs: number; count: number }>;
}

/** A point-in-time copy of the server's counters; every field is plain data. */
export interface EmitterMetricsSnapshot {
  /** sockets connected to this node */
  connections: number;
  /** runs this node is watching for a terminal event */
  openRuns: number;
  emitted: Record<AgentEventType, number>;
  rejected: Record<RejectionReason, number>;
  /** `agent_thinking` emits superseded by a newer one before they were sent (`coalesceThinking`) */
  coalesced: number;
  /** emits answered with an earlier event because of their idempotency key (sent nothing) */
  deduplicated: number;
  deduplicatedByType: Record<AgentEventType, number>;
  /** socket.io frames sent (`agent_event` or `agent_events`) */
  framesSent: number;
  /** envelopes this node handed to its own sockets (an event for a user with 3 sockets counts 3) */
  eventsDelivered: number;
  delivered: Record<AgentEventType, number>;
  /** cumulative `ack` messages received */
  acks: number;
  /** events those acks newly covered, per connection, up to the highest seq this node sent of the run */
  acked: number;
  /** events sent back in answers to `resume` */
  replayed: number;
  replayedByType: Record<AgentEventType, number>;
  /** `resume` answers that filled a gap: the client lacked at least one event */
  gaps: number;
  /** `resume` answers `{recovered: false}`, by reason */
  resumeFailed: Record<ResumeFailureReason, number>;
  /** connections dropped because their unsent bytes exceeded `maxBufferedBytes` */
  slowConsumerDisconnects: number;
  /** runs the watchdog completed as `timed_out` (including runs claimed from other nodes) */
  timedOut: number;
  /** runs `close()` completed as `cancelled` */
  cancelled: number;
  /** open runs `close()` left on the shared store for the other nodes' watchdogs */
  handedOver: number;
  userEvents: number;
  /** one sample per ack that covers events not acked before: from the newest of them leaving this node to the ack */
  ackLatencyMs: LatencyHistogramSnapshot;
  /** sizes of the server's own bounded bookkeeping (for leak checks) */
  bookkeeping: { pendingAckEvents: number; ackedRunsTracked: number; sentRunsTracked: number; outboundUsers: number; appendingRuns: number };
  store: StoreStats;
}

/** A fixed-bucket histogram: constant memory whatever the traffic. */
export class LatencyHistogram {
  readonly #counts = new Array<number>(ACK_LATENCY_BUCKETS_MS.length + 1).fill(0);
  readonly #listeners = new Set<(ms: number) => void>();
  #count = 0;
  #sum = 0;

  /** Called once per ack that covers pending events: no closure, no search past the sample's bucket. */
  observe(ms: number): void {
    let bucket = 0;
    while (bucket < ACK_LATENCY_BUCKETS_MS.length && !(ms <= (ACK_LATENCY_BUCKETS_MS[bucket] as number))) bucket++;
    this.#counts[bucket] = (this.#counts[bucket] ?? 0) + 1;
    this.#count++;
    this.#sum += ms;
    for (const listener of this.#listeners) listener(ms);
  }

  /** @internal feeds a live exporter (Prometheus) with every observation. */
  listen(listener: (ms: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  snapshot(): LatencyHistogramSnapshot {
    let cumulative = 0;
    const buckets = ACK_LATENCY_BUCKETS_MS.map((leMs, index) => {
      cumulative += this.#counts[index] ?? 0;
      return { leMs, count: cumulative };
    });
    return { count: this.#count, sumMs: this.#sum, buckets };
  }
}

export class EmitterMetrics {
  connections = 0;
  readonly emitted = zeroed(CRITICAL_EVENTS);
  readonly rejected = zeroed(REJECTION_REASONS);
  readonly resumeFailed = zeroed(RESUME_FAILURE_REASONS);
  readonly deduplicatedByType = zeroed(CRITICAL_EVENTS);
  readonly delivered = zeroed(CRITICAL_EVENTS);
  readonly replayedByType = zeroed(CRITICAL_EVENTS);
  readonly ackLatency = new LatencyHistogram();
  framesSent = 0;
  coalesced = 0;
  acks = 0;
  acked = 0;
  gaps = 0;
  slowConsumerDisconnects = 0;
  timedOut = 0;
  cancelled = 0;
  handedOver = 0;
  userEvents = 0;

  snapshot(
    openRuns: number,
    bookkeeping: EmitterMetricsSnapshot['bookkeeping'],
    store: StoreStats,
  ): EmitterMetricsSnapshot {
    return {
      connections: this.connections,
      openRuns,
      emitted: { ...this.emitted },
      rejected: { ...this.rejected },
      coalesced: this.coalesced,
      deduplicated: sum(this.deduplicatedByType),
      deduplicatedByType: { ...this.deduplicatedByType },
      framesSent: this.framesSent,
      eventsDelivered: sum(this.delivered),
      delivered: { ...this.delivered },
      acks: this.acks,
      acked: this.acked,
      replayed: sum(this.replayedByType),
      replayedByType: { ...this.replayedByType },
      gaps: this.gaps,
      resumeFailed: { ...this.resumeFailed },
      slowConsumerDisconnects: this.slowConsumerDisconnects,
      timedOut: this.timedOut,
      cancelled: this.cancelled,
      handedOver: this.handedOver,
      userEvents: this.userEvents,
      ackLatencyMs: this.ackLatency.snapshot(),
      bookkeeping,
      store,
    };
  }
}

const registry = new WeakMap<object, EmitterMetrics>();

/** @internal lets exporters in this package reach a server's live metrics without widening its API. */
export function metricsOf(server: object): EmitterMetrics {
  const metrics = registry.get(server);
  if (!metrics) throw new TypeError('not an EmitterServer');
  return metrics;
}

/** @internal */
export function registerMetrics(server: object, metrics: EmitterMetrics): void {
  registry.set(server, metrics);
}

function zeroed<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}
