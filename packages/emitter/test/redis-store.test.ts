import type { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventDraft, EventStore } from '../src/event-store.js';
import { redisStore } from '../src/redis.js';
import { reachesNoLocalSocket } from '../src/fanout-filter.js';
import { describeEventStore } from './store-suite.js';
import { adminClient, dropPrefix, REDIS_URL, testPrefix, testRedisStore } from './redis-support.js';
import { connectClient, runOf, settle, startServer, waitFor, waitForAsync } from './support.js';

let admin: Redis;
beforeAll(async () => {
  admin = await adminClient();
});
afterAll(() => {
  admin.disconnect();
});

describeEventStore('redis', () => testRedisStore(admin, { keyPrefix: testPrefix('suite') }));

const TS = '2026-01-01T00:00:00.000Z';
const started: EventDraft = { type: 'agent_started', payload: { agentName: 'a' } };
const thinking = (reasoning: string): EventDraft => ({ type: 'agent_thinking', payload: { agentName: 'a', reasoning } });
const executing = (toolCallId: string): EventDraft => ({
  type: 'tool_executing',
  payload: { agentName: 'a', toolName: 'search', toolCallId },
});
const toolDone = (toolCallId: string): EventDraft => ({
  type: 'tool_completed',
  payload: { agentName: 'a', toolName: 'search', toolCallId },
});
const completed: EventDraft = { type: 'agent_completed', payload: { agentName: 'a', status: 'succeeded' } };

describe('redis store across nodes', () => {
  let prefix: string;
  const stores: EventStore[] = [];
  const node = (options: Parameters<typeof redisStore>[0] = {}) => {
    const store = redisStore({ url: REDIS_URL, keyPrefix: prefix, ...options });
    stores.push(store);
    return store;
  };
  const run = { userId: 'u1', threadId: 't1', runId: 'run-{shared}' };

  beforeAll(() => {
    prefix = testPrefix('nodes');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await dropPrefix(admin, prefix);
  });

  it('drops its own broadcasts read back from the fan-out stream without parsing them', async () => {
    const { server } = await startServer({ store: node() });
    const adapter = server.namespace.adapter as unknown as { uid: string; onRawMessage(message: object, offset: string): void };
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const nsp = server.namespace.name;
      adapter.onRawMessage({ uid: adapter.uid, nsp, type: '99', data: '{"from":"self"}' }, '1-0');
      expect(parse).not.toHaveBeenCalled();
      adapter.onRawMessage({ uid: 'another-node', nsp, type: '99', data: '{"from":"another"}' }, '1-1');
      expect(parse).toHaveBeenCalledWith('{"from":"another"}');
    } finally {
      parse.mockRestore();
      await server.close();
    }
  });

  it('delivers another node\'s broadcasts to its sockets, and drops those for nobody here unparsed', async () => {
    const a = await startServer({ store: node() });
    const b = await startServer({ store: node() });
    const alice = await connectClient(b.url, 'alice');
    // Node B's fan-out reader starts at the end of the stream once its first read is in:
    // a broadcast written before that passes it by. Warm up until one gets through.
    for (let attempt = 0; alice.userEvents.length === 0; attempt++) {
      if (attempt === 200) throw new Error("node B never read node A's fan-out");
      a.server.notifyUser('alice', 'warm-up');
      await settle(50);
    }
    const notes = () => alice.userEvents.filter((event) => event.type === 'note');
    const parse = vi.spyOn(JSON, 'parse');
    try {
      a.server.notifyUser('bob', 'note', { marker: 'for-bob-elsewhere' });
      a.server.notifyUser('alice', 'note', { marker: 'for-alice-on-b' });
      await waitFor(() => notes().length === 1, "alice's note through node B");
      expect(notes()[0]?.data).toEqual({ marker: 'for-alice-on-b' });
      // Node B read both off the stream (in order), parsed Alice's and only the options of Bob's.
      const parsed = parse.mock.calls.map(([text]) => String(text));
      expect(parsed.some((text) => text.includes('for-alice-on-b'))).toBe(true);
      expect(parsed.some((text) => text.includes('for-bob-elsewhere'))).toBe(false);
      // The real adapter's stream entries have the shape the filter reads.
      const entries = await admin.xrange(`${prefix}fanout`, '-', '+');
      const bobs = entries.map(([, fields]) => Object.fromEntries(chunk(fields))).find((fields) => fields['data']?.includes('for-bob-elsewhere'));
      expect(bobs).toMatchObject({ type: '3' });
      expect(reachesNoLocalSocket(bobs as { type: string; data: string }, new Map())).toBe(true);
    } finally {
      parse.mockRestore();
      alice.client.close();
      await a.server.close();
      await b.server.close();
    }
  });

  it('serializes a frame once on the node that emits it: its stream entry and its own sockets share the JSON', async () => {
    const a = await startServer({ store: node() });
    const b = await startServer({ store: node() });
    const here = await connectClient(a.url, 'alice');
    const there = await connectClient(b.url, 'alice');
    // Node B's fan-out reader starts at the end of the stream once its first read is in (see above).
    for (let attempt = 0; there.userEvents.length === 0; attempt++) {
      if (attempt === 200) throw new Error("node B never read node A's fan-out");
      a.server.notifyUser('alice', 'warm-up');
      await settle(50);
    }
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      await a.server.forRun(runOf('alice', 'run-once')).agentStarted({ agentName: 'a' });
      await waitFor(() => here.events.length === 1 && there.events.length === 1, 'the start on both nodes');
      expect(there.events[0]).toEqual(here.events[0]);
      // One per node (both run in this process): node A's served its stream entry and its socket.
      const frames = stringify.mock.calls.map(([value]) => value).filter((value) => Array.isArray(value) && value[0] === 'agent_event');
      expect(frames).toHaveLength(2);
      // The adapter's own encode (JSON of the whole {packet, opts}, the frame again) never ran for it.
      expect(stringify.mock.calls.some(([value]) => typeof value === 'object' && value !== null && 'packet' in value)).toBe(false);
    } finally {
      stringify.mockRestore();
      here.client.close();
      there.client.close();
      await a.server.close();
      await b.server.close();
    }
  });

  it('keeps one run gapless when two nodes append to it at once', async () => {
    const [a, b] = [node(), node()];
    await a.append(run, [started], TS);
    const fromA = Array.from({ length: 50 }, (_, i) => a.append(run, [thinking(`a${i}`)], TS));
    const fromB = Array.from({ length: 50 }, (_, i) => b.append(run, [thinking(`b${i}`), thinking(`b${i}'`)], TS));
    const seqsA = (await Promise.all(fromA)).flat().map((o) => o.event.seq);
    const seqsB = (await Promise.all(fromB)).flat().map((o) => o.event.seq);
    expect([...seqsA, ...seqsB].sort((x, y) => x - y)).toEqual(Array.from({ length: 150 }, (_, i) => i + 2));
    // Each node's calls keep their order; a batch stays contiguous.
    expect(seqsA).toEqual([...seqsA].sort((x, y) => x - y));
    expect(seqsB).toEqual([...seqsB].sort((x, y) => x - y));
    for (let i = 0; i < seqsB.length; i += 2) expect(seqsB[i + 1]).toBe(seqsB[i]! + 1);
    const read = await b.read(run.runId, 0);
    expect(read.status === 'ok' && read.events.map((e) => e.seq)).toEqual(Array.from({ length: 151 }, (_, i) => i + 1));
  });

  it('keeps every key of a run in one hash slot, even with braces in the run id', async () => {
    const a = node();
    await a.append(run, [started, executing('c1')], TS);
    const keys = await admin.keys(`${prefix}{*`);
    expect(keys.sort()).toEqual([`${prefix}{run-%7Bshared%7D}:log`, `${prefix}{run-%7Bshared%7D}:meta`, `${prefix}{run-%7Bshared%7D}:tools`]);
    // Redis Cluster hashes only what sits between the first '{' and the next '}'.
    const tags = keys.map((key) => /\{([^}]+)\}/.exec(key)?.[1]);
    expect(new Set(tags)).toEqual(new Set(['run-%7Bshared%7D']));
  });

  it('trims each run to replayLimit and answers expired before it, all or nothing', async () => {
    const a = node({ replayLimit: 3 });
    await a.append(run, [started, thinking('1'), thinking('2'), thinking('3'), thinking('4')], TS);
    expect(await admin.xlen(`${prefix}{run-%7Bshared%7D}:log`)).toBe(3);
    expect(await a.read(run.runId, 1)).toEqual({ status: 'expired', owner: run });
    const tail = await a.read(run.runId, 2);
    expect(tail.status === 'ok' && tail.events.map((e) => e.seq)).toEqual([3, 4, 5]);
  });

  it('expires a completed run after its TTL and remembers it with a tombstone', async () => {
    const a = node({ completedRunTtlMs: 100, tombstoneTtlMs: 60_000 });
    await a.append(run, [started, completed], TS);
    expect(await admin.pttl(`${prefix}{run-%7Bshared%7D}:meta`)).toBeLessThanOrEqual(100);
    await settle(250);
    expect(await admin.exists(`${prefix}{run-%7Bshared%7D}:meta`, `${prefix}{run-%7Bshared%7D}:log`)).toBe(0);
    // Another node that never saw the run still answers expired, and refuses new events.
    const b = node();
    expect(await b.read(run.runId, 0)).toEqual({ status: 'expired', owner: run });
    await expect(b.append(run, [thinking('late')], TS)).rejects.toMatchObject({ code: 'ERR_UWS_RUN_CLOSED' });
    await expect(b.append({ ...run, userId: 'u2' }, [thinking('late')], TS)).rejects.toMatchObject({
      code: 'ERR_UWS_AUTHORIZATION',
    });
  });

  it('puts a safety TTL on open runs, refreshed by every event', async () => {
    const a = node({ openRunTtlMs: 5_000 });
    await a.append(run, [started], TS);
    const ttl = await admin.pttl(`${prefix}{run-%7Bshared%7D}:meta`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });

  it('carries a run on after Redis lost it: same seq line, lifecycle kept, lost range reported', async () => {
    const a = node();
    const other = node();
    await a.append(run, [started, executing('c1'), thinking('before')], TS);
    await dropPrefix(admin, prefix); // what a restart without persistence does to the run

    const [next] = await a.append(run, [toolDone('c1')], TS);
    expect(next!.event.seq).toBe(4);
    await expect(a.append(run, [started], TS)).rejects.toMatchObject({ rule: 'already_started' });
    await expect(a.append(run, [executing('c1')], TS)).rejects.toMatchObject({ rule: 'tool_call_reused' });
    expect(a.stats().reseededRuns).toBe(1);

    // From before the wipe: gone, and said so. From the re-seed point on: complete.
    expect(await other.read(run.runId, 0)).toEqual({ status: 'expired', owner: run });
    expect(await other.read(run.runId, 2)).toEqual({ status: 'expired', owner: run });
    const after = await other.read(run.runId, 3);
    expect(after.status === 'ok' && after.events.map((e) => [e.seq, e.type])).toEqual([[4, 'tool_completed']]);
    // Another node takes over seamlessly from the re-seeded state.
    const [done] = await other.append(run, [completed], TS);
    expect(done!.event.seq).toBe(5);
  });

  it('answers expired, not unknown_run, for a run Redis lost before anyone emitted again', async () => {
    const a = node();
    await a.append(run, [started, thinking('x')], TS);
    await dropPrefix(admin, prefix);
    expect(await a.read(run.runId, 0)).toEqual({ status: 'expired', owner: run });
    expect(await node().read(run.runId, 0)).toEqual({ status: 'unknown_run' });
  });

  it('lets exactly one node claim an idle run, and snapshots say how idle it is', async () => {
    const [a, b] = [node(), node()];
    await a.append(run, [started, executing('c1')], TS);
    await settle(120);
    const snapshot = await b.snapshot(run.runId);
    expect(snapshot).toMatchObject({ run, agentName: 'a', lastSeq: 2, completed: false, openToolCalls: [{ toolCallId: 'c1', toolName: 'search' }] });
    expect(snapshot!.idleMs).toBeGreaterThanOrEqual(100);
    expect(await a.claimIdleRuns!(60_000, 10)).toEqual([]);
    const claims = await Promise.all([a.claimIdleRuns!(100, 10), b.claimIdleRuns!(100, 10)]);
    expect(claims.flat().map((claimed) => claimed.run)).toEqual([run]);
    // Leased: nobody sees it due again before another idle period.
    expect(await a.claimIdleRuns!(100, 10)).toEqual([]);
  });

  it('leases a run that is no longer idle without returning it, and drops ended runs from the board', async () => {
    const [a, b] = [node(), node()];
    await a.append(run, [started], TS);
    await settle(150);
    // Within a second of its last board write, a node does not rewrite the score: the board is stale now.
    await a.append(run, [thinking('still here')], TS);
    expect(Number(await admin.zscore(`${prefix}activity`, run.runId))).toBeLessThan(Date.now() - 100);
    expect(await b.claimIdleRuns!(100, 10)).toEqual([]);
    await a.append(run, [completed], TS);
    await admin.zadd(`${prefix}activity`, 0, run.runId); // a stale entry, as a node dying at the wrong moment leaves
    expect(await b.claimIdleRuns!(100, 10)).toEqual([]);
    await waitForAsync(async () => (await admin.zscore(`${prefix}activity`, run.runId)) === null, 'the ended run to leave the board');
  });

  it('takes a completed run off the activity board', async () => {
    const a = node();
    await a.append(run, [started], TS);
    expect(await admin.zscore(`${prefix}activity`, run.runId)).not.toBeNull();
    await a.append(run, [completed], TS);
    // The board clean-up is not awaited by append.
    await waitForAsync(async () => (await admin.zscore(`${prefix}activity`, run.runId)) === null, 'the run to leave the board');
  });
});

describe('redis store writes', () => {
  let prefix: string;
  let client: Redis;
  let store: EventStore;

  /** Counts the system calls a socket's writes take (Node's stream calls _write or _writev for each). */
  function countWrites(stream: Writable): { readonly count: number } {
    const counter = { count: 0 };
    const socket = stream as Writable & { _writev?: (...args: unknown[]) => void };
    const write = socket._write.bind(socket);
    const writev = socket._writev?.bind(socket);
    socket._write = (...args: Parameters<Writable['_write']>) => {
      counter.count++;
      write(...args);
    };
    if (writev) {
      socket._writev = (...args: unknown[]) => {
        counter.count++;
        writev(...args);
      };
    }
    return counter;
  }

  beforeEach(async () => {
    prefix = testPrefix('writes');
    client = new Redis(REDIS_URL);
    client.on('error', () => undefined);
    await client.ping();
    store = redisStore({ client, keyPrefix: prefix });
    // The script is loaded (EVALSHA can fall back to EVAL once) before anything is counted.
    await store.append({ userId: 'u1', threadId: 't1', runId: 'warm-up' }, [started], TS);
  });
  afterEach(async () => {
    await store.close();
    client.disconnect();
    await dropPrefix(admin, prefix);
  });

  it('sends the appends of one turn of the event loop in one write, at its end', async () => {
    const writes = countWrites(client.stream);
    const runs = Array.from({ length: 20 }, (_, index) => ({ userId: 'u1', threadId: 't1', runId: `run-${index}` }));
    const appended = Promise.all(runs.map((run) => store.append(run, [started], TS)));
    expect(writes.count).toBe(0);
    const outcomes = await appended;
    // Twenty appends and their twenty activity-board updates: one system call, not forty.
    expect(writes.count).toBe(1);
    expect(outcomes.map(([outcome]) => outcome?.event.seq)).toEqual(runs.map(() => 1));
    expect(await admin.zcard(`${prefix}activity`)).toBe(runs.length + 1);
  });

  it('sends the fan-out broadcasts of one turn in one write', async () => {
    const { server } = await startServer({ store });
    try {
      const writes = countWrites(client.stream);
      for (let user = 0; user < 10; user++) server.notifyUser(`u${user}`, 'note', { user });
      expect(writes.count).toBe(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(writes.count).toBe(1);
      await waitForAsync(async () => (await admin.xlen(`${prefix}fanout`)) === 10, 'ten broadcasts on the fan-out stream');
    } finally {
      await server.close();
    }
  });
});

function chunk(fields: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let index = 0; index + 1 < fields.length; index += 2) pairs.push([fields[index] ?? '', fields[index + 1] ?? '']);
  return pairs;
}
