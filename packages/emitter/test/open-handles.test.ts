import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminClient, dropPrefix } from './redis-support.js';

/**
 * The child runs a server, a client and a run, closes everything, and must then exit on its
 * own: a leaked timer, socket, interval or Redis connection would keep it alive until the
 * bound below kills it.
 */
async function runToExit(fixture: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string | undefined }> {
  const script = fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url));
  const child = spawn(process.execPath, ['--conditions=@unified-ws/source', '--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  );
  clearTimeout(killer);
  return { code, signal, output: output.trim().split('\n').at(-1) };
}

let admin: Redis;
beforeAll(async () => {
  admin = await adminClient();
});
afterAll(async () => {
  await dropPrefix(admin, 'uws-test:exit:');
  admin.disconnect();
});

it('leaves no open handles after close(): the process exits by itself', async () => {
  expect(await runToExit('close-and-exit.ts')).toEqual({
    code: 0,
    signal: null,
    output: 'closed: 4 events received, runs cancelled 1',
  });
}, 30_000);

it('leaves no open handles with a Redis store and its adapter once the server and then the store are closed', async () => {
  expect(await runToExit('close-and-exit-redis.ts')).toEqual({ code: 0, signal: null, output: 'closed: 2 events received' });
}, 30_000);

it('closes a server over a Redis store right after it started without an unhandled rejection', async () => {
  expect(await runToExit('close-at-once-redis.ts')).toEqual({ code: 0, signal: null, output: 'closed at once' });
}, 30_000);
