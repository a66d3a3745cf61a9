import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import { expect, it } from 'vitest';
import { envelopeParser } from '../src/envelope-encoder.js';
import { WIRE } from '../src/protocol.js';

const envelope = {
  v: 1,
  id: 'run-1:2',
  type: 'agent_thinking',
  seq: 2,
  userId: 'alice',
  threadId: 't-1',
  runId: 'run-1',
  ts: '2026-11-22T10:00:00.000Z',
  critical: true,
  payload: { agentName: 'planner', reasoning: 'quotes " and \\ and ünïcödé and \u2028', progress: 40 },
};

const stock = new Encoder();
const ours = new envelopeParser.Encoder();

it('writes envelope frames byte for byte as socket.io encodes them', () => {
  const packets: Packet[] = [
    { type: PacketType.EVENT, nsp: '/agent-events', data: [WIRE.event, envelope] },
    { type: PacketType.EVENT, nsp: '/agent-events', data: [WIRE.events, [envelope, { ...envelope, seq: 3, id: 'run-1:3' }]] },
    { type: PacketType.EVENT, nsp: '/', data: [WIRE.events, [envelope]] },
  ];
  for (const packet of packets) expect(ours.encode(packet)).toEqual(stock.encode(packet));
});

it('leaves every other packet to the stock encoder, binary included', () => {
  const binary: Packet = { type: PacketType.EVENT, nsp: '/agent-events', data: ['user_event', { blob: Buffer.from([1, 2, 3]) }] };
  const encoded = ours.encode(binary);
  expect(encoded).toEqual(stock.encode(binary));
  expect(encoded).toHaveLength(2); // the header and one binary attachment
  const ack: Packet = { type: PacketType.ACK, nsp: '/agent-events', id: 7, data: [{ recovered: true, events: [envelope] }] };
  expect(ours.encode(ack)).toEqual(stock.encode(ack));
  const withId: Packet = { type: PacketType.EVENT, nsp: '/agent-events', id: 3, data: [WIRE.event, envelope] };
  expect(ours.encode(withId)).toEqual(stock.encode(withId));
});
