import { afterEach, expect, it } from 'vitest';
import { registerPrometheusMetrics } from '../src/prometheus.js';
import { connectClient, runOf, settle, startServer, waitFor, type TestClient, type TestServer } from './support.js';

let started: TestServer | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const { client } of clients.splice(0)) client.close();
  await started?.server.close();
});

it('counts every stage by type, times emit-to-ack, and exports the same figures to Prometheus', async () => {
  started = await startServer();
  const { server, url } = started;
  const registry = registerPrometheusMetrics(server);
  const alice = await connectClient(url, 'alice');
  const tab = await connectClient(url, 'alice');
  clients.push(alice, tab);

  const run = server.forRun(runOf('alice', 'run-metrics'));
  await run.agentStarted({ agentName: 'a' }, { idempotencyKey: 'start' });
  await run.agentStarted({ agentName: 'a' }, { idempotencyKey: 'start' }); // deduplicated
  await run.agentThinking({ agentName: 'a', reasoning: 'r' });
  await run.agentThinking({ agentName: 'a', reasoning: '' }).catch(() => undefined); // rejected: validation
  await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
  await waitFor(() => alice.events.length === 3 && tab.events.length === 3, 'both tabs');
  await waitFor(() => server.metrics().acked === 6, 'both tabs to ack all three');

  const late = await connectClient(url, 'alice');
  clients.push(late);
  await late.client.follow('run-metrics', 1); // replays 2 events: a gap filled
  await late.client.follow('no-such-run');
  await waitFor(() => late.events.length === 2 && late.failures.length === 1, 'the replay and the failure');
  await settle();

  const metrics = server.metrics();
  expect(metrics).toMatchObject({
    connections: 3,
    openRuns: 0,
    emitted: { agent_started: 1, agent_thinking: 1, agent_completed: 1, tool_executing: 0, tool_completed: 0 },
    rejected: { validation: 1, lifecycle: 0 },
    deduplicated: 1,
    deduplicatedByType: { agent_started: 1 },
    delivered: { agent_started: 2, agent_thinking: 2, agent_completed: 2 },
    eventsDelivered: 6,
    replayed: 2,
    replayedByType: { agent_thinking: 1, agent_completed: 1 },
    gaps: 1,
    resumeFailed: { unknown_run: 1 },
    slowConsumerDisconnects: 0,
  });
  // Per connection, from where it stood: two tabs x 3 events, and the late tab's 2 replayed ones.
  expect(metrics.acked).toBe(6 + 2);
  // The three events left in one frame: one latency sample, from the first ack covering them
  // (the other tab's ack of the same frame finds nothing pending); bookkeeping drained.
  expect(metrics.ackLatencyMs.count).toBe(1);
  expect(metrics.ackLatencyMs.buckets.at(-1)!.count).toBe(1);
  expect(metrics.bookkeeping.pendingAckEvents).toBe(0);

  const text = await registry.metrics();
  expect(text).toContain('unified_ws_events_emitted_total{type="agent_thinking"} 1');
  expect(text).toContain('unified_ws_events_rejected_total{reason="validation"} 1');
  expect(text).toContain('unified_ws_events_deduplicated_total{type="agent_started"} 1');
  expect(text).toContain('unified_ws_events_delivered_total{type="agent_completed"} 2');
  expect(text).toContain('unified_ws_events_replayed_total{type="agent_completed"} 1');
  expect(text).toContain('unified_ws_resume_failed_total{reason="unknown_run"} 1');
  expect(text).toContain(`unified_ws_events_acked_total ${metrics.acked}`);
  expect(text).toContain('unified_ws_gaps_total 1');
  expect(text).toContain('unified_ws_connections 3');
  expect(text).toContain('unified_ws_emit_to_ack_seconds_count 1');
});
