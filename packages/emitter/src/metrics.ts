import { CRITICAL_EVENTS, RESUME_FAILURE_REASONS, type AgentEventType, type ResumeFailureReason } from './protocol.js';
import type { StoreStats } from './event-store.js';

export const REJECTION_REASONS = ['validation', 'lifecycle', 'run_closed', 'authorization', 'store'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** A point-in-time copy of the server's counters; every field is a plain number. */
export interface EmitterMetricsSnapshot {
  /** sockets connected to this node */
  connections: number;
  /** runs this node is watching for a terminal event */
  openRuns: number;
  emitted: Record<AgentEventType, number>;
  rejected: Record<RejectionReason, number>;
  deduplicated: number;
  /** socket.io frames sent (`agent_event` or `agent_events`) */
  framesSent: number;
  /** envelopes handed to local sockets (an event sent to a user with 3 sockets counts 3) */
  eventsDelivered: number;
  /** cumulative acks received */
  acks: number;
  /** events sent back in answers to `resume` */
  replayed: number;
  resumeFailed: Record<ResumeFailureReason, number>;
  /** runs the watchdog completed as `timed_out` */
  timedOut: number;
  /** runs `close()` completed as `cancelled` */
  cancelled: number;
  userEvents: number;
  store: StoreStats;
}

export class EmitterMetrics {
  connections = 0;
  readonly emitted = zeroed(CRITICAL_EVENTS);
  readonly rejected = zeroed(REJECTION_REASONS);
  readonly resumeFailed = zeroed(RESUME_FAILURE_REASONS);
  deduplicated = 0;
  framesSent = 0;
  eventsDelivered = 0;
  acks = 0;
  replayed = 0;
  timedOut = 0;
  cancelled = 0;
  userEvents = 0;

  snapshot(openRuns: number, store: StoreStats): EmitterMetricsSnapshot {
    return {
      connections: this.connections,
      openRuns,
      emitted: { ...this.emitted },
      rejected: { ...this.rejected },
      deduplicated: this.deduplicated,
      framesSent: this.framesSent,
      eventsDelivered: this.eventsDelivered,
      acks: this.acks,
      replayed: this.replayed,
      resumeFailed: { ...this.resumeFailed },
      timedOut: this.timedOut,
      cancelled: this.cancelled,
      userEvents: this.userEvents,
      store,
    };
  }
}

function zeroed<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}
