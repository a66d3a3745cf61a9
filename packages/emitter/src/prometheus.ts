/**
 * `@unified-ws/emitter/prometheus`: the server's metrics in a prom-client registry. A separate
 * entry point so that prom-client stays an optional peer of the main one.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EmitterServer } from './emitter-server.js';
import { ACK_LATENCY_BUCKETS_MS, metricsOf, type EmitterMetricsSnapshot } from './metrics.js';

export interface PrometheusMetricsOptions {
  /**
   * The registry to add the metrics to.
   * @default a new `Registry`
   */
  registry?: Registry;
  /**
   * Prefix of every metric name.
   * @default 'unified_ws_'
   */
  prefix?: string;
}

type Labelled = Record<string, number>;

/**
 * Registers the emitter's metrics: counters and gauges are read from `server.metrics()` at
 * scrape time (nothing is counted twice), the emit-to-ack histogram is fed live.
 * Returns the registry (`await registry.metrics()` is the exposition text).
 */
export function registerPrometheusMetrics(server: EmitterServer, options: PrometheusMetricsOptions = {}): Registry {
  const registry = options.registry ?? new Registry();
  const prefix = options.prefix ?? 'unified_ws_';
  const registers = [registry];

  const labelled = (name: string, help: string, label: string, pick: (m: EmitterMetricsSnapshot) => Labelled) =>
    new Counter({
      name: prefix + name,
      help,
      labelNames: [label],
      registers,
      collect() {
        this.reset();
        for (const [value, count] of Object.entries(pick(server.metrics()))) this.inc({ [label]: value }, count);
      },
    });
  const total = (name: string, help: string, pick: (m: EmitterMetricsSnapshot) => number) =>
    new Counter({
      name: prefix + name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(pick(server.metrics()));
      },
    });
  const gauge = (name: string, help: string, pick: (m: EmitterMetricsSnapshot) => number) =>
    new Gauge({
      name: prefix + name,
      help,
      registers,
      collect() {
        this.set(pick(server.metrics()));
      },
    });

  labelled('events_emitted_total', 'Events accepted by the store and sent', 'type', (m) => m.emitted);
  labelled('events_rejected_total', 'Emits rejected, by reason', 'reason', (m) => m.rejected);
  labelled('events_deduplicated_total', 'Emits answered with an earlier event (idempotency key)', 'type', (m) => m.deduplicatedByType);
  labelled('events_delivered_total', "Envelopes handed to this node's sockets", 'type', (m) => m.delivered);
  labelled('events_replayed_total', 'Events sent in resume answers', 'type', (m) => m.replayedByType);
  labelled('resume_failed_total', 'Resume answers {recovered: false}, by reason', 'reason', (m) => m.resumeFailed);
  total('acks_total', 'Cumulative ack messages received', (m) => m.acks);
  total('events_acked_total', 'Events newly covered by acks', (m) => m.acked);
  total('gaps_total', 'Resume answers that filled a gap', (m) => m.gaps);
  total('frames_sent_total', 'agent_event / agent_events frames sent', (m) => m.framesSent);
  total('slow_consumer_disconnects_total', 'Connections dropped past maxBufferedBytes', (m) => m.slowConsumerDisconnects);
  total('runs_timed_out_total', 'Runs the watchdog completed as timed_out', (m) => m.timedOut);
  total('runs_cancelled_total', 'Runs close() completed as cancelled', (m) => m.cancelled);
  total('runs_handed_over_total', 'Open runs close() left to the other nodes', (m) => m.handedOver);
  total('user_events_total', 'notifyUser messages sent', (m) => m.userEvents);
  gauge('connections', 'Sockets connected to this node', (m) => m.connections);
  gauge('open_runs', 'Runs this node watches for a terminal event', (m) => m.openRuns);

  const latency = new Histogram({
    name: `${prefix}emit_to_ack_seconds`,
    help: 'Per ack covering events not acked before: from the newest of them leaving this node to the ack',
    buckets: ACK_LATENCY_BUCKETS_MS.map((ms) => ms / 1000),
    registers,
  });
  metricsOf(server).ackLatency.listen((ms) => latency.observe(ms / 1000));
  return registry;
}
