import { randomUUID } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import type { EventStore } from '../src/event-store.js';
import { redisStore, type RedisStoreOptions } from '../src/redis.js';

/** The Redis every Redis test uses (`.ci/run` makes sure one answers). Only loopback. */
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A fresh key prefix, so concurrent test files and runs never share a key or a fan-out stream. */
export function testPrefix(label: string): string {
  return `uws-test:${label}:${randomUUID().slice(0, 8)}:`;
}

/**
 * A client for assertions and clean-up. Fails loudly, never skips: a Redis test that cannot
 * reach Redis is a failed test (`.ci/required-tests.json` also fails CI if they did not run).
 */
export async function adminClient(url = REDIS_URL): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(`Redis is unreachable at ${url} (set REDIS_URL or start redis-server): ${String(error)}`, {
      cause: error,
    });
  }
  return client;
}

/** Deletes every key under `prefix` (SCAN, never KEYS). */
export async function dropPrefix(client: Redis, prefix: string): Promise<number> {
  let dropped = 0;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) dropped += await client.unlink(...keys);
  } while (cursor !== '0');
  return dropped;
}

/** A Redis store under its own prefix whose close() also removes its keys. */
export function testRedisStore(
  admin: Redis,
  options: Partial<RedisStoreOptions> & { keyPrefix: string },
): EventStore {
  const store = redisStore({ url: REDIS_URL, ...options });
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await dropPrefix(admin, options.keyPrefix);
  };
  return store;
}

export interface ReplyDroppingProxy {
  url: string;
  /**
   * The next script call (EVALSHA) runs on Redis, but its connection is cut before the reply
   * gets back: the network blip after execution that makes ioredis send the command again.
   */
  dropNextScriptReply(): void;
  /** connections cut so far */
  readonly cuts: number;
  close(): Promise<void>;
}

/** A loopback TCP proxy in front of Redis that can lose one script reply on demand. */
export async function startReplyDroppingProxy(url = REDIS_URL): Promise<ReplyDroppingProxy> {
  const target = new URL(url);
  const open = new Set<Socket>();
  let armed = false;
  let cuts = 0;
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    open.add(client).add(upstream);
    let cutOnReply = false;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', cut).on('error', () => undefined);
    upstream.on('close', cut).on('error', () => undefined);
    client.on('data', (chunk: Buffer) => {
      if (armed && /evalsha/i.test(chunk.toString('latin1'))) {
        armed = false;
        cutOnReply = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cutOnReply) {
        client.write(chunk);
        return;
      }
      cuts++;
      cut();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dropNextScriptReply() {
      armed = true;
    },
    get cuts() {
      return cuts;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
