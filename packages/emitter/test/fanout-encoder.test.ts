import { describe, expect, it, vi } from 'vitest';
import { encodeEnvelopeBroadcast } from '../src/fanout-encoder.js';
import { frameJson } from '../src/frame-json.js';
import { reachesNoLocalSocket } from '../src/fanout-filter.js';

const envelope = { v: 1, id: 'r:1', type: 'agent_thinking', seq: 1, userId: 'u', threadId: 't', runId: 'r', ts: '2026-11-23T00:00:00.000Z', critical: true, payload: { agentName: 'a', reasoning: 'q"uo\\te \u2028' } };
const opts = { rooms: ['user:u'], except: [], flags: {} };

/**
 * What socket.io-adapter hands the streams adapter for `namespace.to(room).emit(name, ...args)`:
 * the packet's nsp is set only after it is published.
 */
function message(data: unknown[], packetExtra: Record<string, unknown> = {}, type = 3) {
  return { uid: 'node-a', nsp: '/agent-events', type, data: { packet: { type: 2, data, ...packetExtra }, opts } };
}

describe('encodeEnvelopeBroadcast', () => {
  it("writes the adapter's own entry for envelope frames, byte for byte", () => {
    for (const data of [['agent_events', [envelope, { ...envelope, seq: 2 }]], ['agent_event', envelope]]) {
      for (const packetExtra of [{}, { nsp: '/agent-events' }, { nsp: undefined }]) {
        const stock = message(data, packetExtra);
        expect(encodeEnvelopeBroadcast(stock)).toEqual({ uid: 'node-a', nsp: '/agent-events', type: '3', data: JSON.stringify(stock.data) });
      }
    }
  });

  it('serializes a frame once for the stream and for this node’s sockets', () => {
    const data = ['agent_events', [envelope]];
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      encodeEnvelopeBroadcast(message(data));
      frameJson(data);
      expect(stringify.mock.calls.filter(([value]) => value === data)).toHaveLength(1);
    } finally {
      stringify.mockRestore();
    }
    // …unless socket.io appended to the data in between (a connection-state-recovery offset).
    data.push('offset-1');
    expect(frameJson(data)).toBe(JSON.stringify(data));
  });

  it('keeps the options last, where the other nodes’ filter reads the rooms', () => {
    const entry = encodeEnvelopeBroadcast(message(['agent_event', envelope]));
    expect(entry && reachesNoLocalSocket(entry, new Map())).toBe(true);
    expect(entry && reachesNoLocalSocket(entry, new Map([['user:u', new Set(['s'])]]))).toBe(false);
  });

  it('leaves everything else to the adapter', () => {
    expect(encodeEnvelopeBroadcast(message(['user_event', { note: 1 }]))).toBeUndefined();
    expect(encodeEnvelopeBroadcast(message(['agent_event', envelope], { id: 7 }))).toBeUndefined();
    expect(encodeEnvelopeBroadcast(message(['agent_event', envelope], { attachments: 1 }))).toBeUndefined();
    expect(encodeEnvelopeBroadcast(message(['agent_event', envelope], {}, 4))).toBeUndefined();
    expect(encodeEnvelopeBroadcast({ uid: 'node-a', nsp: '/agent-events', type: 3 })).toBeUndefined();
  });
});
