import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { EmitterServerOptions } from '../src/index.js';
import { redisStore, type RedisStoreOptions } from '../src/redis.js';
import type { EventStore } from '../src/event-store.js';
import { REDIS_URL } from './redis-support.js';
import { startServer, type TestServer } from './support.js';

export interface TestNode extends TestServer {
  store: EventStore;
  port: number;
  /** Closes the server, then its store (the order a node shuts down in). */
  stop(): Promise<void>;
}

/** One node of a cluster: an emitter server on 127.0.0.1 over a Redis store under `keyPrefix`. */
export async function startNode(
  keyPrefix: string,
  options: Partial<EmitterServerOptions> = {},
  storeOptions: Partial<RedisStoreOptions> = {},
): Promise<TestNode> {
  const store = redisStore({ url: REDIS_URL, keyPrefix, ...storeOptions });
  const started = await startServer({ store, ...options });
  let stopping: Promise<void> | undefined;
  return {
    ...started,
    store,
    port: Number(new URL(started.url).port),
    stop: () =>
      (stopping ??= (async () => {
        await started.server.close();
        await store.close();
      })()),
  };
}

export interface TcpProxy {
  url: string;
  /** Where new connections go from now on (round robin); existing ones stay where they are. */
  route(ports: number[]): void;
  close(): Promise<void>;
}

/**
 * A loopback TCP load balancer in front of several nodes, so a client that loses its node
 * reconnects to another one through the same URL, as behind a real load balancer. A
 * backend that refuses the connection is skipped.
 */
export async function startProxy(ports: number[]): Promise<TcpProxy> {
  let backends = [...ports];
  let next = 0;
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const server = createServer((client) => {
    track(client);
    client.pause();
    const attempt = (tries: number) => {
      if (tries >= backends.length || backends.length === 0) {
        client.destroy();
        return;
      }
      const port = backends[next++ % backends.length]!;
      const upstream = connect(port, '127.0.0.1');
      track(upstream);
      let connected = false;
      upstream.on('error', () => {
        if (connected) client.destroy();
        else attempt(tries + 1);
      });
      upstream.once('connect', () => {
        connected = true;
        client.on('error', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.once('close', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    route(ports) {
      backends = [...ports];
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
