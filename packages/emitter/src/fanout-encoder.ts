import type { Packet } from 'socket.io-parser';
import { isEnvelopeFrame } from './envelope-encoder.js';
import { streamFrameJson } from './frame-json.js';

/** A cluster message as socket.io-adapter hands it to `@socket.io/redis-streams-adapter` to write. */
export interface ClusterMessage {
  uid: string;
  nsp: string;
  type: number;
  data?: unknown;
}

/** socket.io-adapter's `MessageType.BROADCAST`. */
const BROADCAST = 3;
const PACKET_KEYS = new Set(['type', 'data', 'nsp']);

/**
 * The stream entry of a broadcast of envelope frames, exactly as the streams adapter's own
 * `encode` writes it (`data` is the JSON of `{packet, opts}`, options last, which is what
 * `reachesNoLocalSocket` reads), with two costs left out on the node that emits:
 * - the frame's JSON is kept (`streamFrameJson`), so this node's own sockets reuse it instead of
 *   serializing every envelope a second time;
 * - no walk of every envelope for binary data: envelopes are JSON by contract.
 *
 * Anything else (another message type, another event, an ack id, a packet with other fields)
 * answers undefined, for the adapter's own `encode`.
 */
export function encodeEnvelopeBroadcast(message: ClusterMessage): { uid: string; nsp: string; type: string; data: string } | undefined {
  if (message.type !== BROADCAST) return undefined;
  const { packet, opts } = (message.data ?? {}) as { packet?: Packet; opts?: unknown };
  if (!packet || !isEnvelopeFrame(packet)) return undefined;
  for (const key in packet) if (!PACKET_KEYS.has(key)) return undefined;
  // socket.io-adapter publishes before it sets the packet's nsp: JSON leaves an undefined one out.
  const nsp = packet.nsp === undefined ? '' : `,"nsp":${JSON.stringify(packet.nsp)}`;
  const data = `{"packet":{"type":${packet.type},"data":${streamFrameJson(packet.data as unknown[])}${nsp}},"opts":${JSON.stringify(opts)}}`;
  return { uid: message.uid, nsp: message.nsp, type: String(message.type), data };
}
