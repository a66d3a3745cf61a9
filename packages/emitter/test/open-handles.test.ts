import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminClient, dropPrefix } from './redis-support.js';
import { runFixture } from './run-fixture.js';

let admin: Redis;
beforeAll(async () => {
  admin = await adminClient();
});
afterAll(async () => {
  await dropPrefix(admin, 'uws-test:exit:');
  admin.disconnect();
});

// Each child runs a server, a client and a run, closes everything, and must then exit on its
// own: a leaked timer, socket, interval or Redis connection would keep it alive until
// runFixture's bound kills it.

it('leaves no open handles after close(): the process exits by itself', async () => {
  expect(await runFixture('close-and-exit.ts')).toEqual({
    code: 0,
    signal: null,
    output: 'closed: 4 events received, runs cancelled 1',
  });
}, 30_000);

it('leaves no open handles with a Redis store and its adapter once the server and then the store are closed', async () => {
  expect(await runFixture('close-and-exit-redis.ts')).toEqual({ code: 0, signal: null, output: 'closed: 2 events received' });
}, 30_000);

it('closes a server over a Redis store right after it started without an unhandled rejection', async () => {
  expect(await runFixture('close-at-once-redis.ts')).toEqual({ code: 0, signal: null, output: 'closed at once' });
}, 30_000);
