/** A cluster broadcast as `@socket.io/redis-streams-adapter` reads it off the stream, before parsing. */
export interface RawClusterMessage {
  type: string;
  data?: string;
}

/** socket.io-adapter's `MessageType.BROADCAST`, as the stream carries it. */
const BROADCAST = '3';
/**
 * socket.io-adapter writes a broadcast as `{"packet":…,"opts":{"rooms":[…],"except":[…],"flags":…}}`:
 * the options come last, so the rooms can be read off the end without parsing the packet.
 */
const OPTIONS_KEY = ',"opts":';
/** Characters before the options that hold a request id if there is one (`"requestId":"<16 hex digits>"`). */
const REQUEST_ID_WINDOW = 64;

/**
 * Whether a broadcast from another node is for rooms none of whose sockets are on this node,
 * read from the few bytes of its options instead of parsing the whole frame. Every node reads
 * every broadcast of the cluster off the shared stream, so without this each node parses all
 * the cluster's traffic, not just its own users'. Anything not exactly of the expected shape
 * (an older or newer adapter, binary data, a broadcast to everyone, one that waits for acks)
 * answers false and is parsed and handled as usual.
 */
export function reachesNoLocalSocket(message: RawClusterMessage, localRooms: ReadonlyMap<string, unknown>): boolean {
  const { data } = message;
  if (message.type !== BROADCAST || typeof data !== 'string' || !data.startsWith('{') || !data.endsWith('}')) return false;
  const at = data.lastIndexOf(OPTIONS_KEY);
  if (at === -1) return false;
  let options: unknown;
  try {
    // Parses only if the options are the object's last member, at its top level.
    options = JSON.parse(data.slice(at + OPTIONS_KEY.length, -1));
  } catch {
    return false;
  }
  const rooms = (options as { rooms?: unknown } | null)?.rooms;
  if (!Array.isArray(rooms) || rooms.length === 0) return false;
  // A broadcast that waits for acks expects an answer from every node, even one with no
  // socket. Its request id (16 hex digits) comes right before the options: look there only.
  if (data.slice(Math.max(0, at - REQUEST_ID_WINDOW), at).includes('"requestId":')) return false;
  return rooms.every((room) => typeof room === 'string' && !localRooms.has(room));
}
