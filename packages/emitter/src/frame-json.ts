/**
 * The JSON of an envelope frame's packet data (`['agent_events', [...]]`), made once per
 * frame on a node with a cluster adapter: the broadcast is serialized for the other nodes
 * (the adapter's stream entry, `streamFrameJson`) and then for this node's own sockets
 * (`frameJson`), which takes it from there. Only the stream entry stores it, so a single
 * node's frames cost one lookup in an empty map. Keyed by the data array itself, with its
 * length, since socket.io may append to it (the connection-state-recovery offset) between
 * the two.
 */
const cache = new WeakMap<readonly unknown[], { length: number; json: string }>();

/** The frame's JSON, kept for this node's own sockets. */
export function streamFrameJson(data: readonly unknown[]): string {
  const json = JSON.stringify(data);
  cache.set(data, { length: data.length, json });
  return json;
}

/** The frame's JSON: the one its stream entry was made with, if any. */
export function frameJson(data: readonly unknown[]): string {
  const cached = cache.get(data);
  return cached && cached.length === data.length ? cached.json : JSON.stringify(data);
}
