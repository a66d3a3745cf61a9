import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startNode, startProxy, type TcpProxy, type TestNode } from './cluster-support.js';
import { adminClient, dropPrefix, REDIS_URL, testPrefix } from './redis-support.js';
import { connectClient, waitFor, type TestClient } from './support.js';

const prefix = testPrefix('death');
let admin: Redis;
let survivor: TestNode;
let proxy: TcpProxy;
let child: ChildProcess | undefined;
let alice: TestClient | undefined;

beforeAll(async () => {
  admin = await adminClient();
});
afterAll(async () => {
  alice?.client.close();
  child?.kill('SIGKILL');
  await proxy?.close();
  await survivor?.stop();
  await dropPrefix(admin, prefix);
  admin.disconnect();
});

it('loses no accepted event when a node is killed mid-run: another node resumes the client and ends the run', async () => {
  survivor = await startNode(prefix, { runTimeoutMs: 500 });
  const script = fileURLToPath(new URL('./fixtures/cluster-node.ts', import.meta.url));
  const doomed = spawn(process.execPath, ['--conditions=@unified-ws/source', '--import', 'tsx', script], {
    env: { ...process.env, REDIS_URL, UWS_PREFIX: prefix, UWS_USER: 'alice', UWS_RUN: 'run-doomed' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = doomed;
  const accepted: number[] = [];
  let port = 0;
  createInterface({ input: doomed.stdout! }).on('line', (line) => {
    const [word, value] = line.split(' ');
    if (word === 'port') port = Number(value);
    if (word === 'accepted') accepted.push(Number(value));
  });
  await waitFor(() => port > 0, 'the doomed node to listen', 20_000);

  proxy = await startProxy([port]);
  alice = await connectClient(proxy.url, 'alice');
  await waitFor(() => alice!.events.length >= 10 && accepted.length >= 10, 'events through the doomed node', 15_000);

  proxy.route([survivor.port]);
  doomed.kill('SIGKILL');
  await new Promise((resolve) => doomed.once('exit', resolve));
  const acceptedBeforeDeath = [...accepted];

  await waitFor(() => alice!.events.at(-1)?.type === 'agent_completed', 'the terminal event from the survivor', 15_000);
  const seqs = alice.events.map((event) => event.seq);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  expect(seqs).toEqual(expect.arrayContaining(acceptedBeforeDeath));
  expect(alice.events.filter((event) => event.type === 'agent_completed')).toHaveLength(1);
  expect(alice.events.at(-1)).toMatchObject({ payload: { status: 'timed_out', agentName: 'doomed' } });
  expect(alice.failures).toEqual([]);
  expect(survivor.server.metrics().timedOut).toBe(1);
  console.log(
    `node death: ${acceptedBeforeDeath.length} events accepted by the killed node, ${seqs.length} delivered (terminal from the survivor), ${alice.client.stats().resumes} resumes`,
  );
}, 60_000);
