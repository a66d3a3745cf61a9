import { describe, expect, it } from 'vitest';
import { reachesNoLocalSocket } from '../src/fanout-filter.js';

/** A broadcast as socket.io-adapter 2.5 hands it to the streams adapter, which JSON-encodes it. */
function broadcast(rooms: string[], extra: Record<string, unknown> = {}, payload: unknown = { note: 1 }) {
  const packet = { type: 2, nsp: '/agent-events', data: ['user_event', payload] };
  return { type: '3', data: JSON.stringify({ packet, ...extra, opts: { rooms, except: [], flags: {} } }) };
}

const here = new Map([['user:local', new Set(['socket-1'])]]);

describe('reachesNoLocalSocket', () => {
  it('is true for a broadcast whose rooms have no socket here', () => {
    expect(reachesNoLocalSocket(broadcast(['user:remote']), here)).toBe(true);
    expect(reachesNoLocalSocket(broadcast(['user:remote', 'user:other']), here)).toBe(true);
  });

  it('is false as soon as one of its rooms has a socket here', () => {
    expect(reachesNoLocalSocket(broadcast(['user:local']), here)).toBe(false);
    expect(reachesNoLocalSocket(broadcast(['user:remote', 'user:local']), here)).toBe(false);
  });

  it('reads the adapter’s own options, not look-alikes in the payload', () => {
    const decoy = { opts: { rooms: ['user:remote'], except: [], flags: {} } };
    expect(reachesNoLocalSocket(broadcast(['user:local'], {}, decoy), here)).toBe(false);
    expect(reachesNoLocalSocket(broadcast(['user:remote'], {}, { text: ',"opts":{"rooms":["user:local"]}' }), here)).toBe(true);
  });

  it('leaves everything it cannot vouch for to the adapter', () => {
    // a broadcast to every socket, one that waits for acks, other message types, binary (base64 msgpack), garbage
    expect(reachesNoLocalSocket(broadcast([]), here)).toBe(false);
    expect(reachesNoLocalSocket(broadcast(['user:remote'], { requestId: '42' }), here)).toBe(false);
    expect(reachesNoLocalSocket({ ...broadcast(['user:remote']), type: '4' }, here)).toBe(false);
    expect(reachesNoLocalSocket({ type: '3', data: Buffer.from('binary').toString('base64') }, here)).toBe(false);
    expect(reachesNoLocalSocket({ type: '3', data: '{"opts":{"rooms":["user:remote"]},"packet":{}}' }, here)).toBe(false);
    expect(reachesNoLocalSocket({ type: '3', data: '{"packet":{},"opts":{"rooms":[1]}}' }, here)).toBe(false);
    expect(reachesNoLocalSocket({ type: '3', data: '{"packet":{},"opts":{"rooms":["user:remote"]' }, here)).toBe(false);
    expect(reachesNoLocalSocket({ type: '3' }, here)).toBe(false);
  });
});
