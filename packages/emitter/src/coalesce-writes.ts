import type { Writable } from 'node:stream';

const corked = new WeakSet<Writable>();

/**
 * Holds what is written to `stream` for the rest of this turn of the event loop and sends it
 * in one system call at its end (`cork`, then `uncork` on the next tick). A node appends for
 * hundreds of runs and broadcasts their frames in one turn: one write per command cost more
 * CPU than the commands themselves. Unlike ioredis' auto-pipelining, the commands go out at
 * the end of the same turn and several batches may be in flight at once, so nothing waits
 * for an earlier batch's replies.
 */
export function coalesceWrites(stream: Writable | undefined): void {
  if (!stream || !stream.writable || corked.has(stream)) return;
  corked.add(stream);
  stream.cork();
  process.nextTick(() => {
    corked.delete(stream);
    stream.uncork();
  });
}
