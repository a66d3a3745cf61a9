import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { coalesceWrites } from '../src/coalesce-writes.js';

describe('coalesceWrites', () => {
  const closers: Array<() => void> = [];
  afterEach(() => {
    for (const close of closers.splice(0)) close();
  });

  /** A connected client socket and everything its peer has read. */
  async function connectedPair(): Promise<{ socket: Socket; received: () => string }> {
    let received = '';
    const server = createServer((peer) => peer.on('data', (chunk: Buffer) => (received += chunk.toString())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await once(socket, 'connect');
    closers.push(() => {
      socket.destroy();
      server.close();
    });
    return { socket, received: () => received };
  }

  it('holds the writes of this turn and sends them, in order, once the turn ends', async () => {
    const { socket, received } = await connectedPair();
    coalesceWrites(socket);
    socket.write('one ');
    coalesceWrites(socket);
    socket.write('two ');
    socket.write('three');
    // Corked once however often it is asked: the next tick's uncork releases everything.
    expect(socket.writableCorked).toBe(1);
    expect(socket.writableLength).toBe('one two three'.length);
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.writableCorked).toBe(0);
    for (let attempt = 0; attempt < 100 && received() !== 'one two three'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(received()).toBe('one two three');
  });

  it('corks again in a later turn, and leaves a stream that cannot be written alone', async () => {
    const { socket } = await connectedPair();
    coalesceWrites(socket);
    await new Promise((resolve) => setImmediate(resolve));
    coalesceWrites(socket);
    expect(socket.writableCorked).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    socket.destroy();
    expect(() => coalesceWrites(socket)).not.toThrow();
    expect(socket.writableCorked).toBe(0);
    expect(() => coalesceWrites(undefined)).not.toThrow();
  });
});
