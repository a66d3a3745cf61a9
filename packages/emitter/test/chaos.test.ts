import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RunClosedError, type AgentEvent } from '../src/index.js';
import { startNode, startProxy, type TcpProxy, type TestNode } from './cluster-support.js';
import { adminClient, dropPrefix, testPrefix } from './redis-support.js';
import { connectClient, waitFor, waitForAsync, type TestClient } from './support.js';
import { seededRandom } from './seeded-random.js';

/**
 * Chaos, bounded and seeded (CHAOS_SEED=<n> replays a run): 120 users with 3 runs each on two
 * nodes over Redis, behind a load balancer; clients' transports are cut at random moments and
 * node A is shut down mid-test (its producers die with it, its open runs are handed over).
 * At the end, every client's view of every run must be complete, gapless, duplicate-free,
 * in order, with exactly one terminal event, and no socket may have seen another user's event.
 */
const USERS = 120;
const RUNS_PER_USER = 3;
const SEED = Number(process.env['CHAOS_SEED'] ?? 20_261_122);
const RUN_TIMEOUT_MS = 1_500;

const random = seededRandom(SEED);
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const prefix = testPrefix('chaos');
let admin: Redis;
let a: TestNode;
let b: TestNode;
let proxy: TcpProxy;
const users: Array<{ userId: string; client: TestClient; rawEnvelopes: AgentEvent[] }> = [];

beforeAll(async () => {
  admin = await adminClient();
  a = await startNode(prefix, { runTimeoutMs: RUN_TIMEOUT_MS });
  b = await startNode(prefix, { runTimeoutMs: RUN_TIMEOUT_MS });
  proxy = await startProxy([a.port, b.port]);
  for (let index = 0; index < USERS; index++) {
    const userId = `user-${index}`;
    const client = await connectClient(proxy.url, userId, {
      socketOptions: { reconnectionDelay: between(10, 60), reconnectionDelayMax: 200 },
    });
    const rawEnvelopes: AgentEvent[] = [];
    // Every envelope the socket received, before the SDK's dedup and ordering.
    client.client.socket.onAny((name: string, payload: AgentEvent | AgentEvent[]) => {
      if (name === 'agent_event') rawEnvelopes.push(payload as AgentEvent);
      if (name === 'agent_events') rawEnvelopes.push(...(payload as AgentEvent[]));
    });
    users.push({ userId, client, rawEnvelopes });
  }
}, 60_000);

afterAll(async () => {
  for (const { client } of users) client.client.close();
  await proxy?.close();
  await a?.stop();
  await b?.stop();
  await dropPrefix(admin, prefix);
  admin.disconnect();
});

it(`${USERS} users x ${RUNS_PER_USER} runs, random transport cuts, a node shut down mid-test: every view complete, gapless, in order, one terminal, no cross-user event (seed ${SEED})`, async () => {
  const started = new Map<string, string>(); // runId -> userId, runs whose agent_started was accepted
  const abandoned = new Set<string>();
  let nodeDown = false;

  async function produce(userId: string, runIndex: number): Promise<void> {
    const node = random() < 0.5 ? a : b;
    const runId = `${userId}/run-${runIndex}`;
    const steps = between(4, 10);
    const pauses = Array.from({ length: steps + 1 }, () => between(0, 30));
    const kinds = Array.from({ length: steps }, () => random());
    await sleep(between(0, 2_000));
    const run = node.server.forRun({ userId, threadId: `thread-${userId}`, runId });
    try {
      await run.agentStarted({ agentName: 'chaos' });
      started.set(runId, userId);
      // The app learns the run id (say, from the HTTP response that started it) and follows it.
      void users[Number(userId.slice(5))]!.client.client.follow(runId);
      for (let step = 0; step < steps; step++) {
        await sleep(pauses[step]!);
        if (kinds[step]! < 0.3) {
          const call = await run.toolExecuting({ agentName: 'chaos', toolName: 'lookup' });
          await sleep(pauses[step + 1]!);
          await run.toolCompleted({ agentName: 'chaos', toolName: 'lookup', toolCallId: call.payload.toolCallId });
        } else {
          await run.agentThinking({ agentName: 'chaos', reasoning: `step ${step}`, stepNumber: step });
        }
      }
      await run.agentCompleted({ agentName: 'chaos', status: 'succeeded' });
    } catch (error) {
      // The producer's node went down (it dies with it), or a watchdog ended the run.
      if (!(error instanceof RunClosedError)) throw error;
      abandoned.add(runId);
    }
  }

  const producers = users.flatMap(({ userId }) => Array.from({ length: RUNS_PER_USER }, (_, i) => produce(userId, i)));
  let cuts = 0;
  let producersDone = false;
  const cutter = (async () => {
    while (!producersDone) {
      await sleep(between(5, 25));
      const { client } = users[between(0, USERS - 1)]!;
      if (client.client.socket.connected) {
        client.client.socket.io.engine.close();
        cuts++;
      }
    }
  })();
  const killer = (async () => {
    await sleep(1_200);
    proxy.route([b.port]);
    await a.stop();
    nodeDown = true;
  })();
  await Promise.all(producers);
  producersDone = true;
  await Promise.all([cutter, killer]);
  expect(nodeDown).toBe(true);

  // Node B's watchdog ends what node A left open; then every client must catch up.
  const runIds = [...started.keys()];
  await waitForAsync(
    async () => (await Promise.all(runIds.map((runId) => b.store.snapshot(runId)))).every((s) => s?.completed),
    'every run to have its terminal event',
    30_000,
  );
  const lastSeq = new Map<string, number>();
  for (const runId of runIds) lastSeq.set(runId, (await b.store.snapshot(runId))!.lastSeq);
  const viewOf = (user: (typeof users)[number]) => {
    const byRun = new Map<string, AgentEvent[]>();
    for (const event of user.client.events) byRun.set(event.runId, [...(byRun.get(event.runId) ?? []), event]);
    return byRun;
  };
  await waitFor(
    () =>
      users.every((user) => {
        const view = viewOf(user);
        return runIds.every((runId) => started.get(runId) !== user.userId || view.get(runId)?.length === lastSeq.get(runId));
      }),
    'every client to hold every run of its user',
    30_000,
  );

  let delivered = 0;
  let raw = 0;
  let crossUser = 0;
  let recoveryFailures = 0;
  for (const user of users) {
    const view = viewOf(user);
    const mine = runIds.filter((runId) => started.get(runId) === user.userId);
    expect([...view.keys()].sort()).toEqual(mine.sort());
    for (const runId of mine) {
      const events = view.get(runId)!;
      expect(events.map((event) => event.seq)).toEqual(Array.from({ length: lastSeq.get(runId)! }, (_, i) => i + 1));
      expect(events.filter((event) => event.type === 'agent_completed')).toHaveLength(1);
      expect(events.at(-1)!.type).toBe('agent_completed');
      expect(events[0]!.type).toBe('agent_started');
    }
    delivered += user.client.events.length;
    raw += user.rawEnvelopes.length;
    crossUser += [...user.client.events, ...user.rawEnvelopes].filter((event) => event.userId !== user.userId).length;
    recoveryFailures += user.client.failures.length;
  }
  expect(crossUser).toBe(0);
  expect(recoveryFailures).toBe(0);

  const stats = users.map(({ client }) => client.client.stats());
  const sum = (pick: (s: (typeof stats)[number]) => number) => stats.reduce((total, s) => total + pick(s), 0);
  const counts = {
    seed: SEED,
    users: USERS,
    runs: runIds.length,
    eventsInStore: [...lastSeq.values()].reduce((total, n) => total + n, 0),
    eventsDelivered: delivered,
    rawEnvelopesReceived: raw,
    transportCuts: cuts,
    resumes: sum((s) => s.resumes),
    duplicatesDropped: sum((s) => s.duplicatesDropped),
    gapsDetected: sum((s) => s.gapsDetected),
    recoveryFailures,
    crossUserDeliveries: crossUser,
    runsAbandonedByNodeA: abandoned.size,
    handedOverByA: a.server.metrics().handedOver,
    timedOutByB: b.server.metrics().timedOut,
  };
  expect(counts.eventsDelivered).toBe(counts.eventsInStore);
  console.log(`chaos: ${JSON.stringify(counts)}`);
}, 120_000);
