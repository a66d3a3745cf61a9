import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { memoryStore } from '../src/index.js';
import { connectClient, settle, startServer, waitFor, type TestClient, type TestServer } from './support.js';

// A real GC between measurements, without needing --expose-gc on the command line.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const RUNS = 20_000;
const WAVE = 1_000;
const USERS = 20;
const COMPLETED_TTL_MS = 200;
const TOMBSTONES = 5_000;

let started: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  started = await startServer({ store: memoryStore({ completedRunTtlMs: COMPLETED_TTL_MS, tombstoneLimit: TOMBSTONES }) });
  for (let user = 0; user < USERS; user++) {
    // Events are counted, not kept: the test measures the server, not an array of 60,000 events.
    const connected = await connectClient(started.url, `user-${user}`, { onEvent: () => undefined });
    clients.push(connected);
  }
});

afterAll(async () => {
  for (const { client } of clients) client.close();
  await started.server.close();
});

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

it(`keeps heap and every internal map bounded after ${RUNS.toLocaleString('en')} runs through one server`, async () => {
  const { server } = started;
  const wave = async (index: number) => {
    await Promise.all(
      Array.from({ length: WAVE }, async (_, i) => {
        const n = index * WAVE + i;
        const run = server.forRun({ userId: `user-${n % USERS}`, threadId: 't', runId: `run-${n}` });
        await run.agentStarted({ agentName: 'a' }, { idempotencyKey: 'start' });
        await run.agentThinking({ agentName: 'a', reasoning: 'r'.repeat(100) });
        await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
      }),
    );
  };
  const delivered = () => clients.reduce((total, { client }) => total + client.stats().delivered, 0);

  await wave(0);
  await wave(1);
  await waitFor(() => delivered() === 2 * WAVE * 3, 'the warm-up waves to arrive', 30_000);
  await settle(COMPLETED_TTL_MS * 2);
  const baseline = heapMb();

  for (let index = 2; index < RUNS / WAVE; index++) await wave(index);
  await waitFor(() => delivered() === RUNS * 3, 'every event to arrive', 60_000);
  await waitFor(() => server.metrics().bookkeeping.pendingAckEvents === 0, 'every event acked');
  await settle(COMPLETED_TTL_MS * 3);
  const after = heapMb();

  const metrics = server.metrics();
  expect(metrics.emitted.agent_completed).toBe(RUNS);
  expect(metrics.openRuns).toBe(0);
  // Completed runs left the store after their TTL; only the bounded tombstones remain.
  expect(metrics.store).toEqual({ runs: 0, events: 0, idempotencyKeys: 0, tombstones: TOMBSTONES, evictedRuns: 0 });
  expect(metrics.bookkeeping).toEqual({
    pendingAckEvents: 0,
    ackedRunsTracked: expect.any(Number),
    sentRunsTracked: expect.any(Number),
    outboundUsers: 0,
    appendingRuns: 0,
  });
  // Per connection, at most 1,000 runs' ack positions (here each socket saw 1,000 runs).
  expect(metrics.bookkeeping.ackedRunsTracked).toBeLessThanOrEqual(USERS * 1_000);
  // One sent position per run, up to 100,000 runs (unit-tested with a small limit).
  expect(metrics.bookkeeping.sentRunsTracked).toBe(RUNS);
  for (const { client } of clients) {
    expect(client.stats()).toMatchObject({ runsFollowed: 0, runsFinished: RUNS / USERS });
  }
  console.log(
    `memory: ${RUNS} runs, ${RUNS * 3} events; heap ${baseline.toFixed(1)} MB after 2,000 runs, ${after.toFixed(1)} MB after ${RUNS} (+${(after - baseline).toFixed(1)} MB); store ${JSON.stringify(metrics.store)}`,
  );
  // 18,000 more runs leave only what the bounded maps hold at their caps (tombstones, ack
  // positions, the clients' finished runs): a few MB, where keeping the runs would be tens.
  expect(after - baseline).toBeLessThan(15);
}, 120_000);

it('holds a replayable event in three array slots, not an envelope of its own', async () => {
  const RUNS_HELD = 100;
  const PER_RUN = 1_000;
  const store = memoryStore();
  // One payload and one ts for every event: what is measured is the store's own cost per event.
  const payload = { agentName: 'a', reasoning: 'r' };
  const ts = new Date().toISOString();
  const before = heapMb();
  for (let n = 0; n < RUNS_HELD; n++) {
    const run = { userId: 'u', threadId: 't', runId: `held-${n}` };
    store.appendNow!(run, [{ type: 'agent_started', payload: { agentName: 'a' } }], ts);
    for (let seq = 2; seq <= PER_RUN; seq++) store.appendNow!(run, [{ type: 'agent_thinking', payload }], ts);
  }
  const bytesPerEvent = ((heapMb() - before) * 1024 * 1024) / (RUNS_HELD * PER_RUN);
  expect(store.stats().events).toBe(RUNS_HELD * PER_RUN);
  const replay = await store.read('held-7', 998);
  expect(replay.status === 'ok' && replay.events.map((event) => [event.id, event.payload])).toEqual([
    ['held-7:999', payload],
    ['held-7:1000', payload],
  ]);
  console.log(`memory: ${bytesPerEvent.toFixed(0)} bytes of heap per event held for replay`);
  // Three slots (type, ts, payload) and the array's spare capacity: about 30 bytes. An
  // envelope per event, with its id string, was about 140.
  expect(bytesPerEvent).toBeLessThan(64);
  await store.close();
});
