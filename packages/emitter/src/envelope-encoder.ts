import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { frameJson } from './frame-json.js';
import { WIRE } from './protocol.js';

/**
 * socket.io's own packet encoder, minus the binary scan on envelope frames: envelopes are
 * JSON by contract (validated payloads), so walking every field of every envelope for a
 * Buffer finds nothing. The bytes on the wire are those socket.io's encoder writes for a
 * packet without binary (`2<nsp>,<json>`), so any socket.io v4 client reads them; every
 * other packet (acks, replays, user events, other namespaces) goes through the stock encoder.
 */
class EnvelopeEncoder extends Encoder {
  override encode(packet: Packet): ReturnType<Encoder['encode']> {
    const data = packet.data as unknown[] | undefined;
    if (isEnvelopeFrame(packet) && data) {
      return [`${PacketType.EVENT}${packet.nsp === '/' ? '' : `${packet.nsp},`}${frameJson(data)}`];
    }
    return super.encode(packet);
  }
}

/** An `agent_event`/`agent_events` packet without an ack id: JSON by contract, no binary to look for. */
export function isEnvelopeFrame(packet: Packet): boolean {
  const data = packet.data as unknown[] | undefined;
  return packet.type === PacketType.EVENT && packet.id === undefined && (data?.[0] === WIRE.events || data?.[0] === WIRE.event);
}

/** The `parser` option of a socket.io server the emitter creates itself. */
export const envelopeParser = { Encoder: EnvelopeEncoder, Decoder };
