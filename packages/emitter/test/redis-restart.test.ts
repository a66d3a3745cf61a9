import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { startNode, type TestNode } from './cluster-support.js';
import { adminClient } from './redis-support.js';
import { connectClient, runOf, settle, waitFor, waitForAsync, type TestClient } from './support.js';

// A Redis of our own on a free loopback port, killed and restarted without persistence:
// the shared Redis of the other tests is never touched.
let redis: ChildProcess | undefined;
let admin: Redis | undefined;
const nodes: TestNode[] = [];
const clients: TestClient[] = [];

afterAll(async () => {
  for (const { client } of clients) client.close();
  for (const node of nodes) await node.stop();
  admin?.disconnect();
  redis?.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (error) => reject(new Error(`redis-server could not start (is it installed?): ${error.message}`))),
  );
  const probe = await Promise.race([waitForRedis(`redis://127.0.0.1:${port}`), failed]);
  probe.disconnect();
  return child;
}

async function waitForRedis(url: string): Promise<Redis> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await adminClient(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await settle(50);
    }
  }
}

it('survives a Redis restart without persistence: live sockets stay, the run carries on, lost replay says expired', async () => {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  redis = await startRedis(port);
  const storeOptions = { url, redisOptions: { retryStrategy: () => 50 } };
  const a = await startNode('restart:', { runTimeoutMs: 60_000 }, storeOptions);
  const b = await startNode('restart:', { runTimeoutMs: 60_000 }, storeOptions);
  nodes.push(a, b);
  const alice = await connectClient(b.url, 'alice');
  clients.push(alice);

  const run = a.server.forRun(runOf('alice', 'run-restart'));
  await run.agentStarted({ agentName: 'a' });
  await run.toolExecuting({ agentName: 'a', toolName: 'search', toolCallId: 'c1' });
  await waitFor(() => alice.events.length === 2, 'two events before the restart');

  redis.kill('SIGKILL');
  await new Promise((resolve) => redis!.once('exit', resolve));
  redis = await startRedis(port);
  admin = await waitForRedis(url);
  expect(await admin.dbsize()).toBe(0);

  // The producer carries on at seq 3 with its lifecycle intact (c1 is still executing).
  const done = await run.toolCompleted({ agentName: 'a', toolName: 'search', toolCallId: 'c1' });
  expect(done.seq).toBe(3);
  await waitForAsync(async () => {
    // Fan-out resumes once the adapter's reader is back on the new Redis.
    await run.agentThinking({ agentName: 'a', reasoning: 'probe' }).catch(() => undefined);
    return alice.events.length >= 4;
  }, 'live delivery through the restarted Redis', 15_000);
  await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
  const last = (await a.store.snapshot('run-restart'))!.lastSeq;
  await waitFor(() => alice.events.at(-1)?.seq === last, 'the terminal event', 15_000);

  // Nothing lost or repeated for the live client, which never reconnected.
  expect(alice.events.map((event) => event.seq)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  expect(alice.client.stats().resumes).toBe(0);
  expect(alice.failures).toEqual([]);
  expect(a.store.stats().reseededRuns).toBe(1);

  // Replay of what Redis lost: a clear recovered:false, from either node; the rest is whole.
  const late = await connectClient(b.url, 'alice');
  clients.push(late);
  await late.client.follow('run-restart', 1);
  await waitFor(() => late.failures.length === 1, 'the expired answer');
  expect(late.failures).toEqual([{ runId: 'run-restart', reason: 'expired' }]);
  const tail = await connectClient(a.url, 'alice');
  clients.push(tail);
  await tail.client.follow('run-restart', 2);
  await waitFor(() => tail.events.at(-1)?.seq === last, 'the replay from the re-seed point');
  expect(tail.events.map((event) => event.seq)).toEqual(Array.from({ length: last - 2 }, (_, i) => i + 3));
  console.log(
    `redis restart: ${last} events, re-seeded at seq 3, live client kept its socket (0 resumes), replay from before the restart answered expired`,
  );
}, 60_000);
